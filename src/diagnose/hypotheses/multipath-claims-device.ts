/**
 * multipath-claims-device: mounting an iSCSI or Longhorn block device fails with `already mounted or
 * mount point busy` because multipathd on the host grabbed the device (longhorn/longhorn#1210). Only
 * iSCSI-backed devices are candidates; multipathd itself is invisible to cluster objects.
 */
import type { DataPath } from '../../model/datapath/types.ts';
import { eventEvidence, gap, inference } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';
import { isIscsiCsi } from './missing-executables.ts';

const LONGHORN_DRIVER = 'driver.longhorn.io';

/** Why the device is an iSCSI-backed one, or undefined when nothing says so. */
function iscsiBacked(path: DataPath | undefined, device: string | undefined): string | undefined {
  if (device?.startsWith('/dev/longhorn/') === true) return `the device ${device} is a Longhorn volume (an iSCSI-backed block device)`;
  if (device !== undefined && /-iscsi-/.test(device)) return `the device ${device} is an iSCSI disk`;
  if (path === undefined) return undefined;
  if (path.protocol === 'iscsi') return `volume "${path.volume}" is an in-tree iSCSI volume`;
  if (path.driver === LONGHORN_DRIVER) return `volume "${path.volume}" is a Longhorn volume (${LONGHORN_DRIVER})`;
  if (isIscsiCsi(path)) return `volume "${path.volume}" is served over iSCSI by ${path.driver ?? 'its CSI driver'}`;
  return undefined;
}

function assess(ctx: PodContext): Assessment | undefined {
  const facts = ctx.currentFacts('device-busy');
  if (facts.length === 0) return undefined;
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
  explain(_ctx, assessment) {
    return [{ question: 'How did the mount fail?', answer: assessment.summary, evidence: assessment.evidenceFor }];
  },
};
