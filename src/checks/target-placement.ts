/**
 * target-placement: storage targets and replicas placed so that one node's loss breaks the volume:
 * replicas of one volume sharing a node, one node holding a quorum of them (so it alone decides whether
 * the volume stays writable), or fewer schedulable nodes than replicas (a lost replica cannot come back).
 */
import type { Node } from '../kube/types.ts';
import { list } from '../kube/read.ts';
import type { Model } from '../model/model.ts';
import { clusterDataPaths } from '../model/cluster-paths.ts';
import type { DataPath, Replica } from '../model/datapath/types.ts';
import { describeRef } from '../model/refs.ts';
import { objectEvidence } from '../diagnose/evidence.ts';
import { pushTo } from '../model/multimap.ts';
import type { Check, Finding } from './types.ts';

function schedulable(node: Node): boolean {
  const ready = list(node.status?.conditions).find((c) => c.type === 'Ready')?.status === 'True';
  return ready && node.spec?.unschedulable !== true;
}

/** One data path per volume: the same PV mounted by several pods is judged once. */
function volumesWithReplicas(model: Model): Map<string, DataPath> {
  const byPv = new Map<string, DataPath>();
  for (const paths of clusterDataPaths(model).values()) {
    for (const path of paths) {
      const pv = path.persistentVolume?.name;
      if (pv !== undefined && path.replicas.length > 0 && !byPv.has(pv)) byPv.set(pv, path);
    }
  }
  return byPv;
}

function placementFindings(pv: string, path: DataPath, schedulableNodes: number, nodesKnown: boolean): Finding[] {
  const out: Finding[] = [];
  const pvRef = path.persistentVolume ?? { kind: 'PersistentVolume', name: pv };
  const byNode = new Map<string, Replica[]>();
  for (const r of path.replicas) if (r.node !== undefined) pushTo(byNode, r.node, r);
  const factor = path.replicationFactor ?? path.replicas.length;
  const quorum = Math.floor(factor / 2) + 1;
  const related = path.replicas.map((r) => r.ref);
  for (const [node, replicas] of byNode) {
    if (replicas.length < 2) continue;
    const takesQuorum = factor > 1 && replicas.length >= quorum;
    out.push({
      id: 'target-placement',
      severity: takesQuorum ? 'high' : 'warning',
      title: takesQuorum ? 'One node holds a quorum of a volume\'s replicas' : 'Replicas of one volume share a node',
      summary: `${replicas.length} of the ${factor} replicas of ${pv} run on ${node}${takesQuorum ? `: losing ${node} loses the quorum of ${quorum} and the volume goes read-only or offline` : ''}.`,
      subject: pvRef,
      node,
      related,
      evidence: replicas.map((r) => objectEvidence(r.ref, `${describeRef(r.ref)} (replica of ${pv}) is on ${node}`)),
    });
  }
  if (nodesKnown && factor > schedulableNodes) {
    out.push({
      id: 'target-placement',
      severity: 'warning',
      title: 'Fewer schedulable nodes than replicas',
      summary: `${pv} wants ${factor} replicas but only ${schedulableNodes} node(s) are Ready and schedulable: a replica that loses its node cannot be placed again while replicas must be on distinct nodes.`,
      subject: pvRef,
      related,
      evidence: [objectEvidence(pvRef, `replication factor ${factor}${path.replicationFactor === undefined ? ' (counted from the replicas seen)' : ''}, ${schedulableNodes} schedulable node(s)`)],
    });
  }
  return out;
}

export const targetPlacement: Check = {
  id: 'target-placement',
  title: 'Storage replicas placed so that one node loss breaks the volume',
  needs: ['Pod', 'Node', 'PersistentVolumeClaim', 'PersistentVolume', 'Service', 'EndpointSlice', 'Endpoints'],
  run(model) {
    const schedulableNodes = model.nodes.filter(schedulable).length;
    const nodesKnown = model.nodes.length > 0;
    const out: Finding[] = [];
    for (const [pv, path] of volumesWithReplicas(model)) out.push(...placementFindings(pv, path, schedulableNodes, nodesKnown));
    return out;
  },
};
