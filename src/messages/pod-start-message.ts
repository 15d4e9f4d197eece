/**
 * Facts from the messages of the other things that keep a pod from starting: NFS name resolution and
 * export denial, the scheduler's FailedScheduling summary, dynamic provisioning failures, sandbox (CNI)
 * failures and image pulls. Plugged into `parseVolumeMessage`, so hypotheses read facts, never text.
 */

/** `mount.nfs: Failed to resolve server <name>: Name or service not known`. */
export interface NfsResolveFact {
  type: 'nfs-resolve-failed';
  server?: string;
}

/** `mount.nfs: access denied by server while mounting <server>:<path>`. */
export interface NfsDeniedFact {
  type: 'nfs-access-denied';
  server?: string;
  export?: string;
}

/** One `<count> <reason>` entry of `0/3 nodes are available: …`. */
export interface SchedulingReason {
  count?: number;
  reason: string;
}

/** The scheduler's FailedScheduling summary. */
export interface SchedulingFact {
  type: 'scheduling-failed';
  nodesAvailable?: number;
  nodesTotal?: number;
  reasons: SchedulingReason[];
  /** Nodes rejected because a bound PV's nodeAffinity excludes them (0 when none are named). */
  volumeNodeAffinityConflict: number;
  /** The pod has a claim that is not bound and does not wait for its first consumer. */
  unboundImmediateClaims: boolean;
  /** WaitForFirstConsumer: no PV could be bound on the nodes (`didn't find available persistent volumes to bind`). */
  noAvailableVolumes: boolean;
}

/** `ProvisioningFailed` (persistentvolume-controller or an external provisioner). */
export interface ProvisioningFact {
  type: 'provisioning-failed';
  storageClass?: string;
  /** The named StorageClass does not exist. */
  storageClassNotFound: boolean;
  cause: string;
}

export type SandboxCause = 'cni-unauthorized' | 'ip-exhausted' | 'cni-plugin-missing' | 'cni-not-ready' | 'other';

/** `Failed to create pod sandbox: …`. */
export interface SandboxFact {
  type: 'sandbox-failed';
  /** The CNI plugin named (`plugin type="calico"`), when named. */
  plugin?: string;
  cause: SandboxCause;
  /** The part of the message that names the cause. */
  detail: string;
}

/** `Failed to pull image "…": …` / `Back-off pulling image "…"`. */
export interface ImagePullFact {
  type: 'image-pull-failed';
  image?: string;
  cause: 'not-found' | 'unauthorized' | 'network' | 'back-off' | 'other';
  detail: string;
}

export type PodStartFact = NfsResolveFact | NfsDeniedFact | SchedulingFact | ProvisioningFact | SandboxFact | ImagePullFact;

function nfsResolve(message: string): NfsResolveFact | undefined {
  // The message may wrap the name across lines (2i2c-org/infrastructure#3141: "Name or\nservice not known").
  const m = /mount\.nfs4?: Failed to resolve server ([^\s:]+)/i.exec(message);
  if (m === null) return undefined;
  return m[1] !== undefined ? { type: 'nfs-resolve-failed', server: m[1] } : { type: 'nfs-resolve-failed' };
}

function nfsDenied(message: string): NfsDeniedFact | undefined {
  const m = /mount\.nfs4?: access denied by server while mounting (\S+)/i.exec(message);
  if (m === null) return undefined;
  const fact: NfsDeniedFact = { type: 'nfs-access-denied' };
  const target = m[1] ?? '';
  const colon = target.indexOf(':');
  if (colon > 0) {
    fact.server = target.slice(0, colon);
    fact.export = target.slice(colon + 1);
  }
  return fact;
}

function scheduling(message: string): SchedulingFact | undefined {
  const head = /(\d+)\/(\d+) nodes are available(?::\s*)?/.exec(message);
  const immediate = /pod has unbound immediate PersistentVolumeClaims/i.test(message);
  if (head === null && !immediate) return undefined;
  const reasons: SchedulingReason[] = [];
  if (head !== null) {
    // The list ends at ". preemption: …" (1.24+) or at the end; entries are "<n> <reason>" separated by ", ".
    const rest = message.slice(head.index + head[0].length).split(/\.\s*preemption:/)[0] ?? '';
    for (const part of rest.replace(/\.+\s*$/, '').split(/, (?=\d+ )/)) {
      const m = /^(\d+) (.+)$/s.exec(part.trim());
      if (m?.[2] !== undefined) reasons.push({ count: Number(m[1]), reason: m[2].trim() });
      else if (part.trim() !== '') reasons.push({ reason: part.trim() });
    }
  } else {
    reasons.push({ reason: 'pod has unbound immediate PersistentVolumeClaims' });
  }
  const conflict = reasons.filter((r) => /volume node affinity conflict/i.test(r.reason)).reduce((n, r) => n + (r.count ?? 1), 0);
  const fact: SchedulingFact = {
    type: 'scheduling-failed',
    reasons,
    volumeNodeAffinityConflict: conflict,
    unboundImmediateClaims: immediate,
    noAvailableVolumes: /didn't find available persistent volumes to bind/i.test(message),
  };
  if (head !== null) {
    fact.nodesAvailable = Number(head[1]);
    fact.nodesTotal = Number(head[2]);
  }
  return fact;
}

function provisioning(message: string, reason: string | undefined): ProvisioningFact | undefined {
  const notFound = /storageclass\.storage\.k8s\.io "([^"]+)" not found/i.exec(message);
  const failed = /failed to provision volume with StorageClass "([^"]+)"(?::\s*(.*))?/is.exec(message);
  if (notFound === null && failed === null && reason !== 'ProvisioningFailed') return undefined;
  const fact: ProvisioningFact = { type: 'provisioning-failed', storageClassNotFound: notFound !== null, cause: (failed?.[2] ?? message).split('\n')[0]?.trim() ?? '' };
  const sc = notFound?.[1] ?? failed?.[1];
  if (sc !== undefined) fact.storageClass = sc;
  return fact;
}

function sandbox(message: string): SandboxFact | undefined {
  if (!/Failed (?:to )?create pod sandbox/i.test(message)) return undefined;
  const plugin = /plugin type="([^"]+)"/.exec(message)?.[1] ?? /failed to find plugin "([^"]+)"/.exec(message)?.[1];
  const classify: [SandboxCause, RegExp][] = [
    ['cni-unauthorized', /error getting ClusterInformation: [^\n"\]]*|(?:connection is unauthorized: )?Unauthorized/],
    ['ip-exhausted', /no IP addresses available in range set[^\n"]*|failed to allocate for range[^\n"]*|range is full|failed to assign an IP address[^\n"]*/i],
    ['cni-plugin-missing', /failed to find plugin "[^"]+" in path \[[^\]]*\]/],
    ['cni-not-ready', /cni plugin not initialized|network plugin is not ready[^\n]*|\/run\/flannel\/subnet\.env: no such file or directory|cni config uninitialized/i],
  ];
  for (const [cause, re] of classify) {
    const m = re.exec(message);
    if (m !== null) return { type: 'sandbox-failed', cause, detail: m[0], ...(plugin !== undefined ? { plugin } : {}) };
  }
  const detail = /desc = (.*)$/s.exec(message)?.[1]?.split('\n')[0] ?? message.split('\n')[0] ?? '';
  return { type: 'sandbox-failed', cause: 'other', detail, ...(plugin !== undefined ? { plugin } : {}) };
}

function imagePull(message: string): ImagePullFact | undefined {
  const failed = /Failed to pull image "([^"]+)": (.*)/s.exec(message);
  const backOff = /Back-off pulling image "([^"]+)"/.exec(message);
  if (failed === null && backOff === null) return undefined;
  const detail = (failed?.[2] ?? message).split('\n')[0]?.trim() ?? '';
  let cause: ImagePullFact['cause'] = 'other';
  if (/not found|manifest unknown|repository does not exist/i.test(detail)) cause = 'not-found';
  else if (/unauthorized|authentication required|denied|403 Forbidden|pull access denied/i.test(detail)) cause = 'unauthorized';
  else if (/i\/o timeout|no such host|connection refused|TLS handshake timeout|dial tcp/i.test(detail)) cause = 'network';
  else if (failed === null) cause = 'back-off';
  const image = failed?.[1] ?? backOff?.[1];
  return { type: 'image-pull-failed', cause, detail, ...(image !== undefined ? { image } : {}) };
}

/** Parses the pod-start facts of one message. `reason`, when known, disambiguates generic texts. */
export function parsePodStartMessage(message: string, reason?: string): PodStartFact[] {
  const out: PodStartFact[] = [];
  for (const fact of [nfsResolve(message), nfsDenied(message), scheduling(message), provisioning(message, reason), sandbox(message), imagePull(message)]) {
    if (fact !== undefined) out.push(fact);
  }
  return out;
}
