/**
 * multipath-claims-device: mounting an iSCSI or Longhorn block device fails with `already mounted or
 * mount point busy` because multipathd on the host grabbed the device (longhorn/longhorn#1210). Only
 * iSCSI-backed devices are candidates; multipathd itself is invisible to cluster objects.
 *
 * Older Longhorn CSI plugins relay only `rpc error: code = Internal desc = exit status 1` for the same
 * failure (longhorn/longhorn#1210), and Longhorn's KB (https://longhorn.io/kb/troubleshooting-volume-with-multipath/)
 * names multipathd as the usual cause of such mount failures. So a current stage/mount failure of an
 * iSCSI-backed volume whose message gives nothing but an exit status, with no other current event naming
 * a cause, keeps this hypothesis `possible` at a low score: never more without the busy message.
 */
import type { DataPath } from '../../model/datapath/types.ts';
import type { EventView } from '../../model/events.ts';
import { eventEvidence, gap, inference } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { isIscsiCsi } from './missing-executables.ts';
import { summaryStep } from '../chain.ts';

const LONGHORN_DRIVER = 'driver.longhorn.io';

/** Why the device is an iSCSI-backed one, or undefined when nothing says so. */
function iscsiBacked(path: DataPath | undefined, device: string | undefined): string | undefined {
  if (device?.startsWith('/dev/longhorn/') === true) return `the device ${device} is a Longhorn volume (an iSCSI-backed block device)`;
  if (device !== undefined && /-iscsi-/.test(device)) return `the device ${device} is an iSCSI disk`;
  if (path === undefined) return undefined;
  // A shared (RWX) Longhorn volume reaches its consumers over NFS from the share-manager, not as a block device.
  if (path.engine === 'longhorn-share-manager') return undefined;
  if (path.protocol === 'iscsi') return `volume "${path.volume}" is an in-tree iSCSI volume`;
  if (path.driver === LONGHORN_DRIVER) return `volume "${path.volume}" is a Longhorn volume (${LONGHORN_DRIVER})`;
  if (isIscsiCsi(path)) return `volume "${path.volume}" is served over iSCSI by ${path.driver ?? 'its CSI driver'}`;
  return undefined;
}

// The whole failure text after the operation is an exit status (optionally behind gRPC's and mount-utils' prefixes).
const ONLY_EXIT_STATUS = /: (?:rpc error: code = \w+ desc = )?(?:mount failed: )?exit status \d+\s*$/;
const MOUNT_OPERATIONS = new Set(['MountVolume.MountDevice', 'MountVolume.SetUp']);

/**
 * Current mount failures of iSCSI-backed volumes that name no cause, when no current event names one
 * either (any parsed fact but the kubelet's timeout summary explains the failure better than a guess).
 */
function opaqueFailures(ctx: PodContext): { event: EventView; backed: string }[] {
  if (ctx.current.some((e) => e.parsed.facts.some((f) => f.type !== 'mount-summary'))) return [];
  const out: { event: EventView; backed: string }[] = [];
  for (const event of ctx.current) {
    const { operation, outcome } = event.parsed;
    if (outcome !== 'failed' || operation === undefined || !MOUNT_OPERATIONS.has(operation) || !ONLY_EXIT_STATUS.test(event.message)) continue;
    const backed = iscsiBacked(ctx.pathOf(event), undefined);
    if (backed !== undefined) out.push({ event, backed });
  }
  return out;
}

function assessOpaque(ctx: PodContext): Assessment | undefined {
  const failures = opaqueFailures(ctx);
  const first = failures[0];
  if (first === undefined) return undefined;
  const node = ctx.node ?? 'the node';
  const now = ctx.model.now;
  return {
    verdict: 'possible',
    score: 0.25,
    summary: `The mount of an iSCSI-backed volume fails with only an exit status and no current event names a cause; for such devices multipathd claiming the device is the documented usual cause. Check \`multipath -ll\` on ${node}.`,
    evidenceFor: [
      ...failures.map((f) => eventEvidence(f.event, now)),
      inference(`${first.backed}: the message names no cause; Longhorn's KB (troubleshooting-volume-with-multipath) names multipathd claiming the device as the usual cause of such mount failures`),
    ],
    evidenceAgainst: [gap('The message does not say the device is busy, and multipathd runs on the host, invisible in cluster objects: this is the usual cause, not an observed one')],
    nextSteps: [
      `On ${node}: \`multipath -ll\` and \`lsblk\` (a Longhorn or iSCSI device with an mpath child is held by multipathd); the CSI node plugin's log on ${node} has the command that failed.`,
      'If multipathd holds it: blacklist the devices in /etc/multipath.conf (`blacklist { devnode "^sd[a-z0-9]+" }`, or by vendor "IET"/"LIO-ORG") and `systemctl restart multipathd`.',
    ],
  };
}

function assess(ctx: PodContext): Assessment | undefined {
  const facts = ctx.currentFacts('device-busy');
  if (facts.length === 0) return assessOpaque(ctx);
  const now = ctx.model.now;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  let why: string | undefined;
  let unknown = false;
  for (const { fact, event } of facts) {
    const path = ctx.pathOf(event);
    const backed = iscsiBacked(path, fact.device);
    if (backed === undefined && (path === undefined || path.protocol === 'unknown')) {
      unknown = true;
      evidenceFor.push(eventEvidence(event, now));
      evidenceAgainst.push(gap(`${path !== undefined ? `The protocol of volume "${path.volume}" could not be read (${path.gaps.join('; ') || 'no PersistentVolume'})` : 'The busy device could not be matched to a volume'}: whether it is an iSCSI device cannot be told`));
    } else if (backed !== undefined) {
      why ??= backed;
      evidenceFor.push(eventEvidence(event, now), inference(`${backed}: multipathd claims such SCSI devices unless they are blacklisted`));
    } else {
      evidenceAgainst.push(eventEvidence(event, now), inference(`${path !== undefined ? `volume "${path.volume}" (${path.protocol}${path.driver !== undefined ? `, ${path.driver}` : ''})` : 'the device'} is not known to be iSCSI-backed: multipathd is not the usual holder`));
    }
  }
  if (why === undefined && unknown) {
    return { verdict: 'possible', score: 0.3, summary: 'A device is busy when the kubelet mounts it; whether it is an iSCSI device multipathd could hold cannot be told.', evidenceFor, evidenceAgainst, nextSteps: [`On ${ctx.node ?? 'the node'}: \`multipath -ll\` and \`lsblk\`.`] };
  }
  if (why === undefined) {
    return { verdict: 'ruled-out', score: 0, summary: 'The busy device is not an iSCSI or Longhorn device, so multipathd is not the likely holder.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  evidenceAgainst.push(gap('multipathd runs on the host and is not visible in cluster objects; a leftover mount of the device would look the same'));
  return {
    verdict: 'likely',
    score: 0.7,
    summary: `The device is busy when the kubelet mounts it and ${why}: multipathd on ${ctx.node ?? 'the node'} has most likely claimed it.`,
    evidenceFor,
    evidenceAgainst,
    nextSteps: [
      `On ${ctx.node ?? 'the node'}: \`multipath -ll\` and \`lsblk\` (the device shows an mpath child); confirm with \`lsof <device>\`.`,
      'Blacklist the devices in /etc/multipath.conf (`blacklist { devnode "^sd[a-z0-9]+" }`, or by vendor "IET"/"LIO-ORG"), `systemctl restart multipathd`, or disable multipathd if nothing needs it.',
    ],
  };
}

export const multipathClaimsDevice: Hypothesis = {
  id: 'multipath-claims-device',
  title: 'multipathd holds the iSCSI device, so it cannot be mounted',
  needs: ['Pod', 'Event'],
  // Optional: absent ones become gap evidence inside the hypothesis, not a cap.
  reads: ['PersistentVolumeClaim', 'PersistentVolume'],
  assess,
  explain: summaryStep('How did the mount fail?'),
};
