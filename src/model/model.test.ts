import { describe, expect, it } from 'vitest';
import { ClusterBuilder, running } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { modelOf, stateOf } from '../../test/support/state.ts';
import { buildModel } from './model.ts';

function cluster() {
  const c = new ClusterBuilder({ now: NOW });
  c.node('n1');
  const dep = c.deployment('web/api', { image: 'api', node: 'n1', state: running() });
  const sts = c.statefulSet('db/pg', { image: 'postgres', node: 'n1', state: running() });
  const ds = c.daemonSet('kube-system/calico-node', { image: 'calico/node', state: running() });
  return { objects: c.objects(), dep, sts, ds };
}

describe('Model owner chains', () => {
  it('follows Pod → ReplicaSet → Deployment by uid', () => {
    const { objects, dep } = cluster();
    const model = modelOf(objects, NOW);
    const chain = model.ownerChain(dep.pod);
    expect(chain.map((r) => [r.kind, r.name, r.uid])).toEqual([
      ['ReplicaSet', dep.replicaSet.metadata.name, dep.replicaSet.metadata.uid],
      ['Deployment', 'api', dep.deployment.metadata.uid],
    ]);
    expect(model.workloadObject(dep.pod)?.metadata.uid).toBe(dep.deployment.metadata.uid);
  });

  it('names StatefulSet and DaemonSet owners', () => {
    const { objects, sts, ds } = cluster();
    const model = modelOf(objects, NOW);
    expect(model.workloadOf(sts.pod)).toMatchObject({ kind: 'StatefulSet', name: 'pg', namespace: 'db' });
    expect(model.workloadOf(ds.pods[0] ?? sts.pod)).toMatchObject({ kind: 'DaemonSet', name: 'calico-node' });
  });

  it('keeps owners that are not in the snapshot, from the reference (a cluster-info dump has no StatefulSets)', () => {
    const { objects, sts, dep } = cluster();
    const model = modelOf(
      objects.filter((o) => o.kind !== 'StatefulSet' && o.kind !== 'Deployment'),
      NOW,
    );
    expect(model.workloadOf(sts.pod)).toEqual({ kind: 'StatefulSet', name: 'pg', namespace: 'db', uid: sts.statefulSet.metadata.uid });
    expect(model.workloadOf(dep.pod)).toMatchObject({ kind: 'Deployment', name: 'api' });
    expect(model.workloadObject(dep.pod)).toBeUndefined();
  });

  it('stops on an ownership cycle', () => {
    const { objects, dep } = cluster();
    const rs = dep.replicaSet;
    const cyclic = objects.map((o) =>
      o.metadata.uid === dep.deployment.metadata.uid ? { ...o, metadata: { ...o.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid ?? '', controller: true }] } } : o,
    );
    expect(modelOf(cyclic, NOW).ownerChain(dep.pod).length).toBeLessThanOrEqual(3);
  });
});

describe('Model kind coverage per namespace', () => {
  const configMap = (namespace: string, name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { namespace, name, uid: `uid-${namespace}-${name}` }, data: {} });

  it('a snapshot of unknown coverage shows a namespace read only by holding the kind there', () => {
    const model = modelOf([configMap('kube-system', 'coredns')], NOW);
    expect(model.kindCoverage('ConfigMap')).toBe('read');
    expect(model.kindCoverageIn('ConfigMap', 'kube-system')).toBe('read');
    expect(model.kindCoverageIn('ConfigMap', 'prod')).toBe('unknown');
    expect(model.kindCoverageIn('Secret', 'prod')).toBe('unknown');
  });

  it('a source that lists the kinds it read answers for every namespace', () => {
    const model = buildModel(stateOf([configMap('kube-system', 'coredns')], NOW, new Set(['ConfigMap'])));
    expect(model.kindCoverageIn('ConfigMap', 'prod')).toBe('read');
    expect(model.kindCoverageIn('Secret', 'prod')).toBe('not-read');
  });
});
