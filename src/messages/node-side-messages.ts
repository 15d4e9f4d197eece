/**
 * Facts about the node side of a mount (initiator, iscsid, helpers, devices), CSI registration and
 * attachment refusals. Parsed from the same kubelet / attach-detach controller messages as
 * `volume-message.ts`; each format is tested with a real string in `node-side-messages.test.ts`.
 */

/** What a missing program was for: it decides which hypothesis the failure belongs to. */
export type ExecutableRole = 'iscsi-initiator' | 'mount-helper' | 'mkfs' | 'fsck' | 'unknown';

/** `exec: "x": executable file not found in $PATH`, a `format of disk … errcode:(executable file not found…)`, `/sbin/mount.<type> helper`, exit 127. */
export interface MissingExecutableFact {
  type: 'missing-executable';
  /** The program the message names (`iscsiadm`, `mkfs.ext4`, `mount.nfs`), when it names one. */
  binary?: string;
  role: ExecutableRole;
  /** The message came back from a CSI driver (`rpc error: code = …`): the program runs in its node-plugin container. */
  fromCsiDriver: boolean;
  /** True for `bad option; … might need a /sbin/mount.<type> helper program`, which a genuinely bad mount option also produces. */
  ambiguous: boolean;
  signal: string;
}

/** iscsiadm could not talk to iscsid: `not-connected` = nothing listens (ECONNREFUSED, exit 20); `communication-lost` = it answered and dropped (error 18, `daemon died?`). */
export interface IscsidFact {
  type: 'iscsid-unreachable';
  mode: 'not-connected' | 'communication-lost';
  signal: string;
}

/** iscsiadm configuration problems: no initiator name, an iface record that does not exist. */
export interface InitiatorConfigFact {
  type: 'initiator-config';
  signal: string;
}

/** `mount: …: <device> already mounted or mount point busy.` */
export interface DeviceBusyFact {
  type: 'device-busy';
  device?: string;
  signal: string;
}

/** `driver name X not found in the list of registered CSI drivers` (kubelet) or `CSINode N does not contain driver X` / `cannot find NodeID for driver "X"` (external-attacher): the kubelet on that node has no registration for X. */
export interface CsiDriverNotRegisteredFact {
  type: 'csi-driver-not-registered';
  driver: string;
}

/** A CSI driver refused to stage because it believes the volume is in use elsewhere (Jiva, cStor). */
export interface AttachmentConflictFact {
  type: 'attachment-conflict';
  /** `jiva`: `is already mounted at more than one place`; `cstor`: `still mounted on node X`. */
  engine: 'jiva' | 'cstor';
  /** The node the driver names as the holder (cStor names it). */
  node?: string;
  signal: string;
}

/** `AttachVolume.Attach failed for volume "…" : <err>` other than Multi-Attach (CSI ControllerPublish errors, attacher timeouts). */
export interface AttachFailedFact {
  type: 'attach-failed';
  /** gRPC status code name when the error is one (`Internal`, `FailedPrecondition`, `DeadlineExceeded`). */
  grpcCode?: string;
  timedOut: boolean;
  detail: string;
}

export type NodeSideFact = MissingExecutableFact | IscsidFact | InitiatorConfigFact | DeviceBusyFact | CsiDriverNotRegisteredFact | AttachmentConflictFact | AttachFailedFact;

const NOT_FOUND = /executable file not found in \$PATH/;
const EXEC_NAMED = /exec: "([^"]+)": executable file not found in \$PATH/;
const FORMAT_ERRCODE = /format of disk "[^"]*" failed: type:\("([^"]*)"\)[^\n]*errcode:\(executable file not found in \$PATH\)/;
const HELPER = /(?:need a|needs a) \/sbin\/mount\.(?:<type>|(\w+)) helper program/;
const OLD_HELPER = /wrong fs type, bad option, bad superblock[^\n]*\n?[^\n]*missing codepage or helper program/;
const EXIT_127 = /exit status 127/;

function roleOf(binary: string): ExecutableRole {
  const base = binary.split('/').pop() ?? binary;
  if (base === 'iscsiadm' || base === 'iscsid') return 'iscsi-initiator';
  if (base.startsWith('mkfs')) return 'mkfs';
  if (base.startsWith('fsck') || base.startsWith('e2fsck') || base.startsWith('xfs_repair')) return 'fsck';
  if (base.startsWith('mount') || base === 'blkid' || base === 'nsenter') return 'mount-helper';
  return 'unknown';
}

function firstMatchingLine(message: string, re: RegExp): string {
  return (message.split('\n').find((l) => re.test(l)) ?? message).trim();
}

/** The mount type named by `Mounting arguments: … -t <type>`, if any. */
function mountType(message: string): string | undefined {
  return /Mounting arguments:[^\n]*?-t (\w+)/.exec(message)?.[1];
}

function missingExecutable(message: string): MissingExecutableFact | undefined {
  const fromCsiDriver = /rpc error: code = /.test(message);
  const named = EXEC_NAMED.exec(message);
  if (named?.[1] !== undefined) {
    return { type: 'missing-executable', binary: named[1], role: roleOf(named[1]), fromCsiDriver, ambiguous: false, signal: firstMatchingLine(message, NOT_FOUND) };
  }
  const format = FORMAT_ERRCODE.exec(message);
  if (format !== null) {
    const fs = format[1];
    return { type: 'missing-executable', ...(fs !== undefined && fs !== '' ? { binary: `mkfs.${fs}` } : {}), role: 'mkfs', fromCsiDriver, ambiguous: false, signal: firstMatchingLine(message, NOT_FOUND) };
  }
  if (NOT_FOUND.test(message)) return { type: 'missing-executable', role: 'unknown', fromCsiDriver, ambiguous: false, signal: firstMatchingLine(message, NOT_FOUND) };
  const helper = HELPER.exec(message);
  if (helper !== null || OLD_HELPER.test(message)) {
    const type = helper?.[1] ?? mountType(message);
    const fact: MissingExecutableFact = { type: 'missing-executable', role: 'mount-helper', fromCsiDriver, ambiguous: true, signal: firstMatchingLine(message, /helper program/) };
    if (type !== undefined) fact.binary = `mount.${type}`;
    return fact;
  }
  // A shell wrapper around iscsiadm (nsenter scripts in kubelet images) exits 127 when the binary is absent.
  if (EXIT_127.test(message) && /iscsiadm/.test(message)) {
    return { type: 'missing-executable', binary: 'iscsiadm', role: 'iscsi-initiator', fromCsiDriver, ambiguous: false, signal: firstMatchingLine(message, EXIT_127) };
  }
  return undefined;
}

function iscsid(message: string): IscsidFact | undefined {
  // open-iscsi usr/iscsid_req.c: `can not connect to iSCSI daemon (%d)!`; ISCSI_ERR_ISCSID_NOTCONN is exit 20.
  const notConnected = /can not connect to iSCSI daemon|could not connect to iscsid/i;
  if (notConnected.test(message)) return { type: 'iscsid-unreachable', mode: 'not-connected', signal: firstMatchingLine(message, notConnected) };
  // ISCSI_ERR_ISCSID_COMM_ERR (18) and the IPC read/write errors: iscsid answered, then the exchange broke.
  const lost = /could not communicate to iscsid|daemon died\?/i;
  if (lost.test(message)) return { type: 'iscsid-unreachable', mode: 'communication-lost', signal: firstMatchingLine(message, lost) };
  return undefined;
}

function initiatorConfig(message: string): InitiatorConfigFact | undefined {
  // `Cannot perform discovery. Invalid Initiatorname.` (iscsiadm, exit 7): iscsid has no valid InitiatorName from /etc/iscsi/initiatorname.iscsi.
  const re = /Initiatorname required|Invalid Initiatorname|Could not read iface info for \S+|InitiatorName (?:is )?(?:not set|required)/i;
  if (!re.test(message)) return undefined;
  // CSI drivers prefix iscsiadm's words with their own (`Failed to stage volume …, err: rc=7 err=iscsiadm: …`): quote from iscsiadm on.
  const line = firstMatchingLine(message, re);
  const at = line.search(re);
  const from = line.lastIndexOf('iscsiadm:', at);
  return { type: 'initiator-config', signal: from >= 0 ? line.slice(from) : line };
}

function deviceBusy(message: string): DeviceBusyFact | undefined {
  const m = /(?:(\S+) )?already mounted or mount point busy/.exec(message);
  if (m === null) return undefined;
  const fact: DeviceBusyFact = { type: 'device-busy', signal: firstMatchingLine(message, /already mounted or mount point busy/) };
  const device = m[1]?.replace(/:$/, '');
  if (device?.startsWith('/dev/') === true) fact.device = device;
  return fact;
}

/**
 * The same missing registration seen from either side: the kubelet (`driver name X not found in the list
 * of registered CSI drivers`) or external-attacher's getNodeID, which looks the driver up in the node's
 * CSINode (`CSINode <node> does not contain driver X`) or, in releases before CSINode, in the node's
 * `csi.volume.kubernetes.io/nodeid` annotation (`cannot find NodeID for driver "X" for node "Y"`).
 * Both lists are written only when the kubelet accepts the node plugin's registration.
 */
const NOT_REGISTERED = [
  /driver name (\S+) not found in the list of registered CSI drivers/,
  /CSINode \S+ does not contain driver (\S+)/,
  /cannot find NodeID for driver "([^"]+)" for node/,
];

function driverNotRegistered(message: string): CsiDriverNotRegisteredFact | undefined {
  for (const re of NOT_REGISTERED) {
    const driver = re.exec(message)?.[1];
    if (driver !== undefined) return { type: 'csi-driver-not-registered', driver };
  }
  return undefined;
}

function attachmentConflict(message: string): AttachmentConflictFact | undefined {
  const cstor = /Volume \S+ still mounted on node:? ([^\s,"]+)/.exec(message);
  if (cstor?.[1] !== undefined) return { type: 'attachment-conflict', engine: 'cstor', node: cstor[1], signal: firstMatchingLine(message, /still mounted on node/) };
  if (/is already mounted at more than one place/i.test(message)) return { type: 'attachment-conflict', engine: 'jiva', signal: firstMatchingLine(message, /already mounted at more than one place/i) };
  return undefined;
}

function attachFailed(message: string): AttachFailedFact | undefined {
  const m = /^AttachVolume\.Attach failed for volume "[^"]*" : (.*)$/s.exec(message);
  if (m?.[1] === undefined) return undefined;
  const detail = m[1].trim();
  const fact: AttachFailedFact = { type: 'attach-failed', timedOut: /timed out|timeout/i.test(detail), detail };
  const code = /rpc error: code = (\w+)/.exec(detail)?.[1];
  if (code !== undefined) fact.grpcCode = code;
  return fact;
}

/** Every node-side fact one message carries (usually zero or one). */
export function parseNodeSideFacts(message: string): NodeSideFact[] {
  const facts: NodeSideFact[] = [];
  for (const parse of [missingExecutable, iscsid, initiatorConfig, deviceBusy, driverNotRegistered, attachmentConflict, attachFailed]) {
    const fact = parse(message);
    if (fact !== undefined) facts.push(fact);
  }
  return facts;
}
