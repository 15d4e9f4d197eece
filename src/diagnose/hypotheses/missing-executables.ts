/**
 * The structure that separates initiator-missing from mount-helper-missing when the kubelet only says
 * `executable file not found in $PATH`: which program the failing operation runs depends on the
 * operation and the volume's protocol, and whose PATH it is (host kubelet or CSI node plugin).
 */
import type { MissingExecutableFact } from '../../messages/node-side-messages.ts';
import type { DataPath } from '../../model/datapath/types.ts';
import { detectDistribution, type Distribution } from '../../model/distribution.ts';
import type { FactInEvent, PodContext } from '../types.ts';

/** Whether the failing step can have been iscsiadm: `only` (nothing else runs there), `maybe`, or `no`. */
export type IscsiadmInvolvement = 'only' | 'maybe' | 'no';

export interface MissingProgram {
  item: FactInEvent<MissingExecutableFact>;
  path: DataPath | undefined;
  iscsiadm: IscsiadmInvolvement;
  /** Why, in one sentence backed by the operation and the data path. */
  why: string;
  /** The PATH searched is a CSI node plugin's, not the host's. */
  inPluginImage: boolean;
}

const ISCSI_ENGINES = new Set(['jiva', 'cstor']);

/**
 * iSCSI-based CSI drivers stage by logging in with iscsiadm before formatting and mounting. Known by the engine,
 * by a driver name that says so, or by an iSCSI target (iqn or portal) in the PV's volumeAttributes.
 */
export function isIscsiCsi(path: DataPath): boolean {
  if (path.protocol !== 'csi') return false;
  return (path.engine !== undefined && ISCSI_ENGINES.has(path.engine)) || /iscsi/i.test(path.driver ?? '') || path.iqn !== undefined || path.portal !== undefined;
}

function involvement(fact: MissingExecutableFact, operation: string | undefined, path: DataPath | undefined): { iscsiadm: IscsiadmInvolvement; why: string } {
  if (fact.binary !== undefined) {
    return fact.role === 'iscsi-initiator' ? { iscsiadm: 'only', why: `the message names ${fact.binary}` } : { iscsiadm: 'no', why: `the message names ${fact.binary}, not iscsiadm` };
  }
  const op = operation ?? 'an unnamed operation';
  if (path === undefined) return { iscsiadm: 'maybe', why: `the volume of ${op} could not be matched to a data path` };
  if (path.protocol === 'unknown') return { iscsiadm: 'maybe', why: `the protocol of volume "${path.volume}" could not be read` };
  if (path.protocol === 'iscsi') {
    // In-tree iSCSI: WaitForAttach does the iscsiadm discovery and login; MountDevice formats, checks and mounts (reference §5.4).
    if (op === 'MountVolume.WaitForAttach') return { iscsiadm: 'only', why: 'in-tree iSCSI runs only iscsiadm in WaitForAttach (discovery and login)' };
    if (op === 'MountVolume.MountDevice') return { iscsiadm: 'no', why: 'in-tree iSCSI MountDevice runs fsck, mkfs and mount after the iscsiadm login succeeded' };
    return { iscsiadm: 'maybe', why: `${op} of an in-tree iSCSI volume (older kubelets logged in and mounted in one step)` };
  }
  if (isIscsiCsi(path)) {
    if (op === 'MountVolume.MountDevice') return { iscsiadm: 'maybe', why: `NodeStageVolume of ${path.driver ?? 'the iSCSI CSI driver'} runs iscsiadm, then mkfs/fsck and mount` };
    return { iscsiadm: 'no', why: `${op} of ${path.driver ?? 'a CSI driver'} is a bind mount; the iSCSI login happens at staging` };
  }
  return { iscsiadm: 'no', why: `the volume is ${path.protocol === 'csi' ? `CSI (${path.driver ?? 'unknown driver'})` : path.protocol}, which does not use iscsiadm` };
}

/** Every current missing-executable failure with what the structure says about it. */
export function missingPrograms(ctx: PodContext): MissingProgram[] {
  return ctx.currentFacts('missing-executable').map((item) => {
    const path = ctx.pathOf(item.event);
    const { iscsiadm, why } = involvement(item.fact, item.event.parsed.operation, path);
    return { item, path, iscsiadm, why, inPluginImage: item.fact.fromCsiDriver || path?.protocol === 'csi' };
  });
}

/** Gaps that limit the judgement: a volume whose protocol could not be read, a node that was not read. */
export function structureGaps(ctx: PodContext, programs: readonly MissingProgram[]): string[] {
  const out: string[] = [];
  for (const p of programs) {
    if (p.item.fact.binary !== undefined) continue;
    if (p.path === undefined) out.push('The failing volume could not be matched to a data path: which program its step runs cannot be told');
    else if (p.path.protocol === 'unknown') out.push(`The protocol of volume "${p.path.volume}" could not be read (${p.path.gaps.join('; ') || 'no PersistentVolume'}): which program its step runs cannot be told`);
  }
  if (ctx.node !== undefined && ctx.nodeObject === undefined) out.push(`Node ${ctx.node} was not in the snapshot: whether its kubelet is containerized cannot be read`);
  return [...new Set(out)];
}

/** The distribution of the pod's node, when the Node object was read. */
export function podNodeDistribution(ctx: PodContext): Distribution | undefined {
  return ctx.nodeObject !== undefined ? detectDistribution(ctx.nodeObject) : undefined;
}
