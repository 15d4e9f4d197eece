import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { ClusterBuilder, pvcVolume, running } from '../../test/support/cluster-builder.ts';
import { modelOf } from '../../test/support/state.ts';
import { targetNotReady } from './target-not-ready.ts';

describe('target-not-ready', () => {
  it('flags a Jiva controller that is not ready while a consumer waits on it, critical, waiting consumer first', () => {
    const { objects, volume, app } = stuckOnJiva({ consumerNode: 'k8s01', controllerReady: false });
    const findings = targetNotReady.run(modelOf(objects, NOW));
    expect(findings).toHaveLength(1);
    const f = findings[0];
    expect(f?.severity).toBe('critical');
    expect(f?.subject).toMatchObject({ kind: 'Service', namespace: 'openebs', name: `${volume.pvName}-ctrl-svc` });
    expect(f?.related[0]).toMatchObject({ kind: 'Pod', name: app.pod.metadata.name });
    expect(f?.summary).toContain('has no ready backend');
    expect(f?.evidence.map((e) => e.text).join('\n')).toMatch(/no ready endpoint/);
  });

  it('flags a target whose controller pod is gone', () => {
    const { objects } = stuckOnJiva({ consumerNode: 'k8s01', deleteController: true });
    const findings = targetNotReady.run(modelOf(objects, NOW));
    expect(findings.map((f) => f.evidence[0]?.text)).toEqual([expect.stringContaining('No pod matches the selector')]);
  });

  it('says nothing when the target is Ready and in its endpoints (the seed hairpin: the target is fine)', () => {
    const { objects } = stuckOnJiva({ consumerNode: 'k8s03', controllerNode: 'k8s03' });
    expect(targetNotReady.run(modelOf(objects, NOW))).toEqual([]);
  });

  it('says nothing about a target nobody mounts', () => {
    const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
    for (const n of ['k8s01', 'k8s02']) c.node(n);
    c.namespace('openebs');
    c.jivaVolume({ claim: 'media/orphan', controllerNode: 'k8s01', replicaNodes: ['k8s01', 'k8s02'], ready: false });
    expect(targetNotReady.run(modelOf(c.objects(), NOW))).toEqual([]);
  });

  it('is high, not critical, while its consumers are still running', () => {
    const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
    for (const n of ['k8s01', 'k8s02']) c.node(n);
    c.namespace('openebs');
    c.namespace('media');
    const v = c.jivaVolume({ claim: 'media/data', controllerNode: 'k8s01', replicaNodes: ['k8s01', 'k8s02'], ready: false });
    c.deployment('media/db', { image: 'postgres:16', node: 'k8s02', state: running(), volumes: [pvcVolume('data', 'data')] });
    const findings = targetNotReady.run(modelOf(c.objects(), NOW));
    expect(findings.map((f) => [f.severity, f.subject.name])).toEqual([['high', `${v.pvName}-ctrl-svc`]]);
  });
});
