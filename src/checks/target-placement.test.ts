import { describe, expect, it } from 'vitest';
import { ClusterBuilder, pvcVolume, running } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import { targetPlacement } from './target-placement.ts';

function cluster(replicaNodes: string[], nodes: { name: string; unschedulable?: boolean }[]) {
  const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
  for (const n of nodes) c.node(n.name, n.unschedulable === true ? { unschedulable: true } : {});
  const v = c.jivaVolume({ claim: 'media/app-config', controllerNode: nodes[0]?.name ?? 'k8s01', replicaNodes });
  c.deployment('media/app', { image: 'x', node: nodes[1]?.name ?? 'k8s02', state: running(), volumes: [pvcVolume('config', 'app-config')] });
  return { objects: c.objects(), pv: v.pvName };
}

const THREE = [{ name: 'k8s01' }, { name: 'k8s02' }, { name: 'k8s03' }];

describe('target-placement', () => {
  it('says nothing when three replicas sit on three schedulable nodes', () => {
    const { objects } = cluster(['k8s01', 'k8s02', 'k8s03'], THREE);
    expect(targetPlacement.run(modelOf(objects, NOW))).toEqual([]);
  });

  it('flags one node holding a quorum of the replicas, as high', () => {
    const { objects, pv } = cluster(['k8s01', 'k8s01', 'k8s02'], THREE);
    const findings = targetPlacement.run(modelOf(objects, NOW));
    expect(findings.map((f) => [f.severity, f.node, f.subject.name])).toEqual([['high', 'k8s01', pv]]);
    expect(findings[0]?.evidence).toHaveLength(2);
  });

  it('flags fewer schedulable nodes than replicas', () => {
    const { objects, pv } = cluster(['k8s01', 'k8s02', 'k8s03'], [{ name: 'k8s01' }, { name: 'k8s02' }, { name: 'k8s03', unschedulable: true }]);
    const findings = targetPlacement.run(modelOf(objects, NOW));
    expect(findings.map((f) => [f.severity, f.title, f.subject.name])).toEqual([['warning', 'Fewer schedulable nodes than replicas', pv]]);
  });
});
