import { describe, expect, it } from 'vitest';
import { ClusterBuilder, crashLoop, running } from '../../test/support/cluster-builder.ts';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import type { KubeObject } from '../sources/types.ts';
import { colocationExposure } from './colocation-exposure.ts';
import { missingAntiAffinity } from './missing-anti-affinity.ts';
import { nodeDiskPressure } from './node-disk-pressure.ts';
import { restartStorm } from './restart-storm.ts';
import { runChecks } from './run.ts';

describe('colocation-exposure', () => {
  it('flags a consumer on its target node, critical while the consumer waits', () => {
    const s = stuckOnJiva({ consumerNode: 'k8s03', controllerNode: 'k8s03' });
    const [f, ...rest] = colocationExposure.run(modelOf(s.objects, NOW));
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ severity: 'critical', node: 'k8s03', subject: { kind: 'Deployment', name: 'app' } });
  });

  it('says nothing when they are on different nodes', () => {
    const s = stuckOnJiva({ consumerNode: 'k8s03', controllerNode: 'k8s01' });
    expect(colocationExposure.run(modelOf(s.objects, NOW))).toEqual([]);
  });
});

/** The consumer template with an anti-affinity term against pods of this PV, in the openebs namespace. */
function protectedConsumer(pvName: string, required: boolean) {
  const term = { labelSelector: { matchLabels: { 'openebs.io/persistent-volume': pvName } }, namespaces: ['openebs'], topologyKey: 'kubernetes.io/hostname' };
  return required
    ? { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term] } }
    : { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: term }] } };
}

describe('missing-anti-affinity', () => {
  it('flags a Jiva consumer with no rule on either side, once per workload', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01' });
    const findings = missingAntiAffinity.run(modelOf(s.objects, NOW));
    expect(findings.map((f) => f.subject)).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'app', namespace: 'media' })]);
  });

  for (const required of [false, true]) {
    it(`accepts a ${required ? 'required' : 'preferred'} cross-namespace anti-affinity term`, () => {
      const s = stuckOnJiva({ controllerNode: 'k8s01' });
      const affinity = protectedConsumer(s.volume.pvName, required);
      const objects = s.objects.map((o) => (o.metadata.uid === s.app.pod.metadata.uid ? withAffinity(o, affinity) : o));
      expect(missingAntiAffinity.run(modelOf(objects, NOW))).toEqual([]);
    });
  }

  it('does not accept a term that selects the target in the wrong namespace', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01' });
    const affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'openebs.io/persistent-volume': s.volume.pvName } }, topologyKey: 'kubernetes.io/hostname' }] } };
    const objects = s.objects.map((o) => (o.metadata.uid === s.app.pod.metadata.uid ? withAffinity(o, affinity) : o));
    expect(missingAntiAffinity.run(modelOf(objects, NOW))).toHaveLength(1);
  });
});

function withAffinity(pod: KubeObject, affinity: unknown): KubeObject {
  const copy = structuredClone(pod) as KubeObject & { spec: Record<string, unknown> };
  copy.spec.affinity = affinity;
  return copy;
}

describe('restart-storm', () => {
  it('flags pods restarting right now and ignores old restart counts', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('openebs/localpv', { image: 'x', node: 'n1', state: running({ restarts: 697, since: '-2m', lastExit: { reason: 'Error', exitCode: 1, finishedAt: '-2m' } }) });
    c.deployment('openebs/looping', { image: 'x', node: 'n1', state: crashLoop(12) });
    c.deployment('openebs/old', { image: 'x', node: 'n1', state: running({ restarts: 40, since: '-3d', lastExit: { reason: 'Error', finishedAt: '-3d' } }) });
    c.deployment('openebs/few', { image: 'x', node: 'n1', state: running({ restarts: 3, since: '-1m', lastExit: { finishedAt: '-1m' } }) });
    const findings = restartStorm.run(modelOf(c.objects(), NOW));
    expect(findings.map((f) => [f.subject.name.split('-')[0], f.severity])).toEqual([
      ['localpv', 'high'],
      ['looping', 'warning'],
    ]);
  });
});

describe('node-disk-pressure', () => {
  it('flags fresh image GC failures and the DiskPressure condition, not old ones', () => {
    const c = new ClusterBuilder({ now: NOW });
    const n1 = c.node('n1');
    c.node('n2', { diskPressure: true });
    const n3 = c.node('n3');
    c.event({ on: n1, reason: 'ImageGCFailed', message: 'Failed to garbage collect required amount of images. Attempted to free 4294967296 bytes, but only found 0 bytes eligible to free.', count: 40, last: '-3m' });
    c.event({ on: n3, reason: 'ImageGCFailed', message: 'old', last: '-5h' });
    const findings = nodeDiskPressure.run(modelOf(c.objects(), NOW));
    expect(findings.map((f) => [f.node, f.severity]).sort()).toEqual([
      ['n1', 'warning'],
      ['n2', 'high'],
    ]);
  });
});

describe('runChecks', () => {
  it('turns a throwing check into an internal-error finding and goes on', () => {
    const s = stuckOnJiva();
    const broken = { id: 'restart-storm' as const, title: 'broken', needs: [], run: () => { throw new Error('boom'); } };
    const findings = runChecks(modelOf(s.objects, NOW), [broken, colocationExposure]);
    expect(findings.map((f) => f.id).sort()).toEqual(['colocation-exposure', 'internal-error']);
    expect(findings.find((f) => f.id === 'internal-error')?.summary).toContain('boom');
  });
});

