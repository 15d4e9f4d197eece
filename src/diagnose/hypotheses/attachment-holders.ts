/**
 * Who holds a volume elsewhere: the records that say the volume is attached or staged on another node
 * (VolumeAttachment, a node's volumesAttached, JivaVolume `nodeID`, CStorVolumeAttachment, or the node a
 * CSI refusal names), and whether a live consumer really runs there. That is what separates
 * multi-attach (a live consumer elsewhere) from stale-volume-attachment (a record left behind).
 */
import type { Pod } from '../../kube/types.ts';
import { list, text } from '../../kube/read.ts';
import { podNode, usesClaim } from '../../kube/pod.ts';
import type { DataPath } from '../../model/datapath/types.ts';
import type { Model } from '../../model/model.ts';
import { jivaVolumeOf } from '../../model/storage-crs.ts';
import { describeRef, refOf, type ObjectRef } from '../../model/refs.ts';
import type { PodContext } from '../types.ts';

export type HolderState = 'consumer' | 'gone' | 'not-ready' | 'no-consumer';

export interface Holder {
  node: string;
  /** The object (or event) that records the volume on that node. */
  record: ObjectRef;
  /** `VolumeAttachment csi-…`, `label nodeID of JivaVolume openebs/pvc-…`: what says so. */
  what: string;
  state: HolderState;
  consumers: Pod[];
}

/** Pods other than `self` that use the claim and have not finished (a Terminating pod still holds the volume). */
export function claimConsumers(model: Model, claim: ObjectRef, self: Pod): Pod[] {
  return model.podsInNamespace(claim.namespace ?? '').filter((p) => {
    if (p === self || !usesClaim(p, claim.name)) return false;
    const phase = text(p.status?.phase);
    return phase !== 'Succeeded' && phase !== 'Failed';
  });
}

function nodeState(model: Model, node: string, consumers: Pod[]): HolderState | undefined {
  if (consumers.length > 0) return 'consumer';
  const obj = model.node(node);
  if (obj === undefined) return model.kindCoverage('Node') === 'read' ? 'gone' : undefined;
  const ready = list(obj.status?.conditions).find((c) => c.type === 'Ready')?.status;
  return ready === 'True' ? 'no-consumer' : 'not-ready';
}

export interface HolderSearch {
  holders: Holder[];
  /** Records whose node could not be judged (Node objects not read). */
  unjudged: string[];
  /** Kinds that would have shown a record but were not read. */
  gaps: string[];
}

/** Every record that puts the volume of `path` on a node other than the pod's. */
export function holdersElsewhere(ctx: PodContext, path: DataPath, namedNodes: { node: string; record: ObjectRef; what: string }[] = []): HolderSearch {
  const { model } = ctx;
  const out: HolderSearch = { holders: [], unjudged: [], gaps: [] };
  const records: { node: string; record: ObjectRef; what: string }[] = [];
  for (const a of path.attachments) {
    if (a.node !== undefined && a.node !== ctx.node && a.attached !== false) records.push({ node: a.node, record: a.ref, what: `${describeRef(a.ref)} attaches it to ${a.node}` });
  }
  // Jiva and cStor CSI drivers declare attachRequired: false (reference §2, §3): no VolumeAttachment is expected.
  const attachless = path.csiDriver?.attachRequired === false || path.engine === 'jiva' || path.engine === 'cstor';
  if (path.protocol === 'csi' && path.attachments.length === 0 && !attachless && model.kindCoverage('VolumeAttachment') !== 'read') {
    out.gaps.push('VolumeAttachment objects were not in the snapshot');
  }
  if (path.protocol === 'iscsi' && path.iqn !== undefined) {
    for (const n of model.nodes) {
      if (n.metadata.name === ctx.node) continue;
      const hit = list(n.status?.volumesAttached).find((v) => (text(v.name) ?? '').includes(path.iqn ?? '\u0000'));
      if (hit !== undefined) records.push({ node: n.metadata.name, record: refOf(n), what: `Node ${n.metadata.name} lists ${text(hit.name) ?? ''} in status.volumesAttached` });
    }
  }
  const pv = path.persistentVolume?.name;
  if (pv !== undefined && path.protocol === 'csi' && path.engine === 'jiva') {
    const jv = jivaVolumeOf(model, pv);
    const holder = text(jv?.metadata.labels?.nodeID);
    if (jv !== undefined && holder !== undefined && holder !== ctx.node) {
      const staged = text(jv.spec?.mountInfo?.stagingPath);
      records.push({ node: holder, record: refOf(jv), what: `${describeRef(refOf(jv))} has label nodeID=${holder}${staged !== undefined ? ` and spec.mountInfo.stagingPath ${staged}` : ''}` });
    }
    if (jv === undefined && model.kindCoverage('JivaVolume') !== 'read') out.gaps.push('JivaVolume objects were not in the snapshot');
  }
  if (pv !== undefined && path.protocol === 'csi' && path.engine === 'cstor') {
    const cvas = model.all('CStorVolumeAttachment').filter((c) => c.metadata.labels?.Volname === pv || text(c.spec?.volume?.name) === pv);
    for (const cva of cvas) {
      const holder = text(cva.metadata.labels?.nodeID) ?? text(cva.spec?.volume?.ownerNodeID);
      if (holder !== undefined && holder !== ctx.node) records.push({ node: holder, record: refOf(cva), what: `${describeRef(refOf(cva))} records the volume staged on ${holder}` });
    }
    if (cvas.length === 0 && model.kindCoverage('CStorVolumeAttachment') !== 'read') out.gaps.push('CStorVolumeAttachment objects were not in the snapshot');
  }
  for (const named of namedNodes) if (named.node !== ctx.node && !records.some((r) => r.node === named.node)) records.push(named);

  const consumersByNode = new Map<string, Pod[]>();
  for (const p of path.claim !== undefined ? claimConsumers(model, path.claim, ctx.pod) : []) {
    const node = podNode(p);
    if (node !== undefined) consumersByNode.set(node, [...(consumersByNode.get(node) ?? []), p]);
  }
  for (const r of records) {
    const consumers = consumersByNode.get(r.node) ?? [];
    const state = nodeState(model, r.node, consumers);
    if (state === undefined) out.unjudged.push(r.what);
    else out.holders.push({ ...r, state, consumers });
  }
  return out;
}

/** `k8s01 is NotReady`, `k8s01 no longer exists`, `no pod using the claim runs on k8s01`. */
export function describeHolderState(h: Holder, claim: ObjectRef | undefined): string {
  switch (h.state) {
    case 'consumer':
      return `${h.consumers.map((p) => describeRef(refOf(p))).join(', ')} on ${h.node} still uses ${claim !== undefined ? `claim ${claim.name}` : 'the volume'}${h.consumers.some((p) => p.metadata.deletionTimestamp !== undefined) ? ' (Terminating)' : ''}`;
    case 'gone':
      return `node ${h.node} no longer exists`;
    case 'not-ready':
      return `node ${h.node} is not Ready and no pod using ${claim !== undefined ? `claim ${claim.name}` : 'the volume'} runs there`;
    case 'no-consumer':
      return `no pod using ${claim !== undefined ? `claim ${claim.name}` : 'the volume'} runs on ${h.node}`;
  }
}
