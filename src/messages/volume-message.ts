import { parseNodeSideFacts, type NodeSideFact } from './node-side-messages.ts';

/**
 * Parses kubelet and attach/detach-controller event messages into facts. Hypotheses consume these
 * facts, never raw text, so every format we recognise is tested here once (reference §5).
 */
import { parsePodStartMessage, type PodStartFact } from './pod-start-message.ts';

/** What a message says about the connection between the node's initiator and an iSCSI target. */
export interface IscsiConnectionFact {
  type: 'iscsi-connection';
  /** `host:port` or `host` of the portal named in the message, if any. */
  portal?: string;
  /** iscsiadm exit status (4 connection failure, 8 timed out, …), if the message carries one. */
  exitCode?: number;
  /** The target actively refused or had no route: points at no listener rather than a dropped path. */
  refused: boolean;
  /** The lines of iscsiadm output that made us classify it, for evidence. */
  signals: string[];
}

/** `'fsck' found errors on device … but could not correct them`. */
export interface FsckFact {
  type: 'fsck-uncorrectable';
  device?: string;
}

/**
 * The kernel refused to mount because the filesystem is damaged. util-linux libmount words EBADMSG
 * (bad checksum on ext4/XFS) as `cannot mount; probably corrupted filesystem on <dev>`; EUCLEAN
 * (EFSCORRUPTED) reaches the kubelet as `Structure needs cleaning`. Not the generic `wrong fs type, bad
 * option, bad superblock` (EINVAL: also a missing helper or bad option) nor `can't read superblock` (EIO).
 */
export interface FilesystemCorruptFact {
  type: 'filesystem-corrupt';
  device?: string;
  /** The line that says so, for evidence. */
  signal: string;
}

/**
 * Longhorn's CSI plugin refusing to stage or publish a shared (RWX) volume while its NFS share has no
 * endpoint yet: `volume <v> share not yet available` (codes.Aborted, longhorn-manager csi/node_server.go).
 * The serving side, the volume's share-manager, is not ready.
 */
export interface ShareNotAvailableFact {
  type: 'share-not-available';
  volume: string;
  signal: string;
}

/**
 * OpenEBS cstor-csi (and jiva-csi) refusing to stage a volume whose target reports it cannot serve I/O:
 * `Volume is not ready: Replicas yet to connect to controller` (cstor-csi pkg/driver waitForVolumeToBeReady:
 * the CStorVolume is neither Healthy nor Degraded after the retries). The target itself says it lacks replicas.
 */
export interface ReplicasNotConnectedFact {
  type: 'replicas-not-connected';
  signal: string;
}

/** `Multi-Attach error for volume "…"`. */
export interface MultiAttachFact {
  type: 'multi-attach';
  volume: string;
  /** Pods named as users (`Volume is already used by pod(s) a, b`). */
  usedByPods: string[];
  /** Count of users in other namespaces, when the message gives it. */
  otherNamespacePods?: number;
  exclusivelyAttached: boolean;
}

/** `secret "x" not found` / `configmap "x" not found`. */
export interface MissingObjectFact {
  type: 'object-not-found';
  objectKind: 'Secret' | 'ConfigMap';
  name: string;
}

/** The kubelet summary `Unable to attach or mount volumes: unmounted volumes=[…], …` (reference §5.3). */
export interface MountSummaryFact {
  type: 'mount-summary';
  unmounted: string[];
  unattached: string[];
  failedToProcess: string[];
  cause: string;
}

/** A read-only or I/O-error signal from the volume (possible loss of replica quorum). */
export interface VolumeIoFact {
  type: 'volume-io-error';
  signal: string;
}

/** `mount.nfs: Connection timed out` / `Connection refused` / `No route to host`: the NFS server could not be reached. */
export interface NfsConnectionFact {
  type: 'nfs-connection';
  server?: string;
  refused: boolean;
  signal: string;
}

export type MessageFact = NfsConnectionFact | IscsiConnectionFact | FsckFact | FilesystemCorruptFact | ShareNotAvailableFact | ReplicasNotConnectedFact | MultiAttachFact | MissingObjectFact | MountSummaryFact | VolumeIoFact | PodStartFact | NodeSideFact;

export interface ParsedMessage {
  /** The operation prefix, e.g. `MountVolume.WaitForAttach`, `AttachVolume.Attach`. */
  operation?: string;
  /** The volume the operation was for (PV name or pod volume name), as quoted in the message. */
  volume?: string;
  /** `succeeded` or `failed` when the message is an operation-executor message. */
  outcome?: 'succeeded' | 'failed';
  facts: MessageFact[];
  /** Volume or PV names the message mentions anywhere (for matching events about shared objects). */
  mentionedVolumes: string[];
}

const COMBINED_PREFIX = '(combined from similar events): ';
const OPERATION = /^(?<op>[A-Za-z]+\.[A-Za-z]+) (?<outcome>failed|succeeded) for volume "(?<volume>[^"]*)"/;
const PV_NAME = /\bpvc-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/g;

// Lines of iscsiadm / kubelet iSCSI output that mean "could not talk to the target" (HYPOTHESES.md, connection-class).
const ISCSI_CONNECTION_SIGNALS: readonly RegExp[] = [
  /failed to receive a PDU/i,
  /Connection to Discovery Address \S+ failed/i,
  /failed to sendtargets to portal/i,
  /iSCSI PDU timed out/i,
  /connection login retries \(reopen_max\) \d+ exceeded/i,
  // iscsiadm appends the reason (open-iscsi usr/iscsi_err.c); only transport reasons are connection-class.
  // `…: invalid parameter` (ISCSI_ERR_INVAL, exit 7) is a local configuration error, e.g. no initiator name.
  /Could not perform SendTargets discovery: (?:encountered connection failure|connection timed out|iSCSI PDU timed out)/i,
  /cannot make connection to \S+/i,
  /connect to \S+ failed \([^)]*\)/i,
  // open-iscsi usr/io.c: `connect to %s timed out` when the TCP handshake to the portal never completes.
  /connect to \S+ timed out/i,
  /Connection refused/i,
  /No route to host/i,
  /Connection timed out/i,
  /i\/o timeout/i,
];
const ISCSI_CONTEXT = /iscsi|iscsiadm|sendtargets|targetportal|portal \d/i;
const REFUSED = /Connection refused|No route to host/i;
// iscsiadm exit codes that mean the transport failed (open-iscsi include/iscsi_err.h): 4 connection failure, 8 timed out.
const CONNECTION_EXIT_CODES = new Set([4, 8]);

function operationOf(message: string): Pick<ParsedMessage, 'operation' | 'volume' | 'outcome'> {
  const m = OPERATION.exec(message);
  if (m?.groups === undefined) return {};
  const { op, outcome, volume } = m.groups;
  if (op === undefined || volume === undefined) return {};
  return { operation: op, volume, outcome: outcome === 'succeeded' ? 'succeeded' : 'failed' };
}

function portalOf(message: string): string | undefined {
  const sendTargets = /to portal (\[[0-9a-f:]+\](?::\d+)?|[^\s,]+?)(?:\s|,|$)/i.exec(message);
  if (sendTargets?.[1] !== undefined) return sendTargets[1];
  const discovery = /Discovery Address (\S+) failed/i.exec(message);
  if (discovery?.[1] !== undefined) return discovery[1];
  const byPath = /ip-([^\s/]+?:\d+)-iscsi-/.exec(message);
  if (byPath?.[1] !== undefined) return byPath[1];
  const dial = /dial tcp (\S+?:\d+)/.exec(message);
  if (dial?.[1] !== undefined) return dial[1];
  // open-iscsi usr/io.c names the host it dialled: `connect to %s timed out`, `connect to %s failed (%s)`, `cannot make connection to %s: %s`.
  const connect = /\bconnect to ([0-9A-Za-z.:-]+?) (?:timed out|failed)/i.exec(message) ?? /cannot make connection to ([0-9A-Za-z.:-]+?): /i.exec(message);
  return connect?.[1];
}

function iscsiConnection(message: string): IscsiConnectionFact | undefined {
  const signals: string[] = [];
  // CSI drivers often relay iscsiadm's stderr JSON-encoded (democratic-csi: `{"code":4,"stderr":"…\\n…"}`): split escaped newlines too.
  for (const line of message.split(/\r?\n|\\n/)) {
    if (ISCSI_CONNECTION_SIGNALS.some((re) => re.test(line))) signals.push(line.trim());
  }
  const exit = /exit status (\d+)/.exec(message);
  const exitCode = exit?.[1] !== undefined ? Number(exit[1]) : undefined;
  const iscsi = ISCSI_CONTEXT.test(message);
  if (!iscsi) return undefined;
  if (signals.length === 0 && (exitCode === undefined || !CONNECTION_EXIT_CODES.has(exitCode))) return undefined;
  const fact: IscsiConnectionFact = { type: 'iscsi-connection', refused: REFUSED.test(message), signals };
  const portal = portalOf(message);
  if (portal !== undefined) fact.portal = portal;
  if (exitCode !== undefined) fact.exitCode = exitCode;
  return fact;
}

function nfsConnection(message: string): NfsConnectionFact | undefined {
  if (!/mount\.nfs|mount -t nfs|nfs4?\b/i.test(message)) return undefined;
  const m = /mount\.nfs4?: (Connection timed out|Connection refused|No route to host|mounting [^\n]*? failed, reason given by server: [^\n]*|requested NFS version or transport protocol is not supported)/i.exec(message);
  if (m?.[1] === undefined) return undefined;
  const fact: NfsConnectionFact = { type: 'nfs-connection', refused: /refused|No route/i.test(m[1]), signal: m[1] };
  const server = /Mounting arguments: (?:-t nfs4? )?(?:-o \S+ )?([^\s:]+):/.exec(message);
  if (server?.[1] !== undefined) fact.server = server[1];
  return fact;
}

function fsck(message: string): FsckFact | undefined {
  const m = /'?fsck'? found errors on device (\S+) but could not correct them/i.exec(message);
  if (m === null) return undefined;
  const fact: FsckFact = { type: 'fsck-uncorrectable' };
  if (m[1] !== undefined) fact.device = m[1];
  return fact;
}

// util-linux libmount/src/context_mount.c (EBADMSG) and strerror(EUCLEAN).
const CORRUPT_FILESYSTEM = /cannot mount; probably corrupted filesystem on (\/\S+?)\.?(?=\s|$)|Structure needs cleaning/;

function filesystemCorrupt(message: string): FilesystemCorruptFact | undefined {
  const m = CORRUPT_FILESYSTEM.exec(message);
  if (m === null) return undefined;
  const line = message.split(/\r?\n/).find((l) => CORRUPT_FILESYSTEM.test(l)) ?? m[0];
  const fact: FilesystemCorruptFact = { type: 'filesystem-corrupt', signal: line.trim() };
  // mount-utils prints `Mounting arguments: [-t fs] [-o opts] <source> <target>`: the source is the device.
  const device = m[1] ?? /Mounting arguments: (?:.*\s)?(\/dev\/\S+) \S+[ \t]*$/m.exec(message)?.[1];
  if (device !== undefined) fact.device = device;
  return fact;
}

function shareNotAvailable(message: string): ShareNotAvailableFact | undefined {
  const m = /volume (\S+) share not yet available/.exec(message);
  return m?.[1] !== undefined ? { type: 'share-not-available', volume: m[1], signal: m[0] } : undefined;
}

function replicasNotConnected(message: string): ReplicasNotConnectedFact | undefined {
  // The kubelet quotes the gRPC status: `… desc = Volume pvc-… is not ready: Replicas yet to connect to controller`.
  const m = /Volume (?:\S+ )?is not ready: Replicas yet to connect to controller/.exec(message);
  return m !== null ? { type: 'replicas-not-connected', signal: m[0] } : undefined;
}

function multiAttach(message: string): MultiAttachFact | undefined {
  const m = /Multi-Attach error for volume "([^"]+)"/.exec(message);
  if (m?.[1] === undefined) return undefined;
  const fact: MultiAttachFact = {
    type: 'multi-attach',
    volume: m[1],
    usedByPods: [],
    exclusivelyAttached: /already exclusively attached/i.test(message),
  };
  const used = /already used by pod\(s\) ([^\n]+?)(?: and (\d+) pod\(s\) in different namespaces)?$/m.exec(message);
  if (used?.[1] !== undefined) fact.usedByPods = used[1].split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (used?.[2] !== undefined) fact.otherNamespacePods = Number(used[2]);
  const onlyOthers = /already used by (\d+) pod\(s\) in different namespaces/.exec(message);
  if (onlyOthers?.[1] !== undefined) fact.otherNamespacePods = Number(onlyOthers[1]);
  return fact;
}

function missingObjects(message: string): MissingObjectFact[] {
  const out: MissingObjectFact[] = [];
  for (const m of message.matchAll(/\b(secret|configmap)s? "([^"]+)" not found/gi)) {
    const kind = m[1]?.toLowerCase() === 'secret' ? 'Secret' : 'ConfigMap';
    if (m[2] !== undefined) out.push({ type: 'object-not-found', objectKind: kind, name: m[2] });
  }
  return out;
}

function bracketList(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value.split(/[\s,]+/).filter((v) => v !== '');
}

function mountSummary(message: string): MountSummaryFact | undefined {
  const m = /unmounted volumes=\[(.*?)\], unattached volumes=\[(.*?)\](?:, failed to process volumes=\[(.*?)\])?: (.*)/s.exec(message);
  if (m !== null) {
    return { type: 'mount-summary', unmounted: bracketList(m[1]), unattached: bracketList(m[2]), failedToProcess: bracketList(m[3]), cause: (m[4] ?? '').trim() };
  }
  // ~1.10–1.16 and older: "list of unmounted volumes=[a]. list of unattached volumes=[a b]" / "list of unattached/unmounted volumes=[…]".
  const old = /list of unmounted volumes=\[(.*?)\]\. list of unattached volumes=\[(.*?)\]/.exec(message);
  if (old !== null) return { type: 'mount-summary', unmounted: bracketList(old[1]), unattached: bracketList(old[2]), failedToProcess: [], cause: 'timeout expired' };
  const oldest = /list of unattached\/unmounted volumes=\[(.*?)\]/.exec(message);
  if (oldest !== null) return { type: 'mount-summary', unmounted: bracketList(oldest[1]), unattached: bracketList(oldest[1]), failedToProcess: [], cause: 'timeout expired' };
  return undefined;
}

function volumeIo(message: string): VolumeIoFact | undefined {
  // util-linux mount: `cannot remount %s read-write, is write-protected` and `%s is write-protected, mounting read-only`:
  // the block device itself refuses writes, which an iSCSI LUN does when its target went read-only.
  const m = /(Read-only file system|Input\/output error|target rejected|volume is read-?only|is write-protected)/i.exec(message);
  return m?.[1] !== undefined ? { type: 'volume-io-error', signal: m[1] } : undefined;
}

/** Parses one event message (`reason`, when known, disambiguates generic texts). Unknown messages give no facts, never an error. */
export function parseVolumeMessage(raw: string, reason?: string): ParsedMessage {
  const message = raw.startsWith(COMBINED_PREFIX) ? raw.slice(COMBINED_PREFIX.length) : raw;
  const facts: MessageFact[] = [];
  const summary = mountSummary(message);
  if (summary !== undefined) facts.push(summary);
  const nodeSide = parseNodeSideFacts(message);
  // The kubelet prints "failed to sendtargets to portal" for any discovery failure. When iscsiadm's own output says
  // it failed before the network (iscsid unreachable, no initiator name, no iface record), the node never talked to the target.
  const localFailure = nodeSide.some((f) => f.type === 'iscsid-unreachable' || f.type === 'initiator-config');
  const iscsi = localFailure ? undefined : iscsiConnection(message);
  if (iscsi !== undefined) facts.push(iscsi);
  const nfs = nfsConnection(message);
  if (nfs !== undefined) facts.push(nfs);
  const fsckFact = fsck(message);
  if (fsckFact !== undefined) facts.push(fsckFact);
  const corrupt = filesystemCorrupt(message);
  if (corrupt !== undefined) facts.push(corrupt);
  const multi = multiAttach(message);
  if (multi !== undefined) facts.push(multi);
  const share = shareNotAvailable(message);
  if (share !== undefined) facts.push(share);
  const replicas = replicasNotConnected(message);
  if (replicas !== undefined) facts.push(replicas);
  facts.push(...missingObjects(message));
  const io = fsckFact === undefined && corrupt === undefined ? volumeIo(message) : undefined;
  if (io !== undefined) facts.push(io);
  facts.push(...parsePodStartMessage(message, reason));
  facts.push(...nodeSide);
  const op = operationOf(message);
  const mentioned = new Set<string>(message.match(PV_NAME) ?? []);
  if (op.volume !== undefined) mentioned.add(op.volume);
  if (multi !== undefined) mentioned.add(multi.volume);
  return { ...op, facts, mentionedVolumes: [...mentioned] };
}
