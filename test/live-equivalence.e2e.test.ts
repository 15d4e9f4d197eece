/**
 * The targeted live read must see everything the engine needs: for each scenario of the hypothesis
 * tests (the winner flipping from one cause to another), a live diagnose through the test API server
 * gives the same diagnosis as the whole cluster read at once. The same request bound holds in each.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { readLive } from '../src/sources/live/read-live.ts';
import { buildModel } from '../src/model/model.ts';
import { diagnose } from '../src/diagnose/diagnose.ts';
import type { Diagnosis } from '../src/diagnose/report.ts';
import type { Pod } from '../src/kube/types.ts';
import type { KubeObject } from '../src/sources/types.ts';
import { ClusterBuilder, configMapVolume, pvcVolume, running, waiting } from './support/cluster-builder.ts';
import { NOW, recreateService, stuckOnJiva } from './support/scenarios.ts';
import { diagnosisOf } from './support/state.ts';
import { startServer, type LiveFixture } from './support/live.ts';

let fixture: LiveFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

/** The diagnosis of the pod itself; source notes (which differ: a live read says what it did not read) are compared elsewhere. */
function core(d: Diagnosis): unknown {
  const notes = new Set(d.notes.map((n) => n.message));
  const hypotheses = d.hypotheses.map((h) => ({ ...h, evidenceAgainst: h.evidenceAgainst.filter((e) => !(e.kind === 'gap' && notes.has(e.text))) }));
  return { pod: d.pod, hypotheses, chain: d.chain, staleEvents: d.staleEvents, dataPaths: d.dataPaths };
}

async function liveDiagnosis(objects: readonly KubeObject[], pod: string): Promise<{ diagnosis: Diagnosis; requests: number; kindsRead: ReadonlySet<string> }> {
  fixture = await startServer({ objects });
  const [namespace, name] = pod.split('/') as [string, string];
  const state = await readLive({ kubeconfig: fixture.kubeconfig, env: {}, clock: () => Date.parse(NOW) }, { scope: 'pod', namespace, name });
  const model = buildModel(state);
  return { diagnosis: diagnose(model, model.pod(namespace, name) as Pod), requests: fixture.server.requests.length, kindsRead: state.kindsRead ?? new Set() };
}

/** A rolling update: the old pod still uses the RWO CSI volume on k8s01, the new one waits on k8s02. */
function rollingUpdate(): { objects: KubeObject[]; pod: string } {
  const c = new ClusterBuilder({ now: NOW });
  for (const n of ['k8s01', 'k8s02']) c.node(n);
  const { pv } = c.boundClaim('prod/data', { source: { csi: { driver: 'rbd.csi.ceph.com', volumeHandle: '0001-0009-rook-ceph-0000000000000002-5f2a' } }, storageClass: 'ceph-block', accessModes: ['ReadWriteOnce'] });
  const app = c.deployment('prod/db', {
    image: 'postgres:16',
    volumes: [pvcVolume('data', 'data')],
    pods: [{ node: 'k8s01', state: running(), suffix: 'old01' }, { node: 'k8s02', state: waiting('ContainerCreating'), suffix: 'new01', created: '-10m' }],
    replicas: 2,
  });
  c.attachVolume({ pv, node: 'k8s01' });
  const [old, fresh] = app.pods;
  if (old === undefined || fresh === undefined) throw new Error('setup');
  c.event({ on: fresh, reason: 'FailedAttachVolume', message: `Multi-Attach error for volume "${pv.metadata.name}" Volume is already used by pod(s) ${old.metadata.name}`, source: { component: 'attachdetach-controller' }, last: '-2m' });
  return { objects: c.objects(), pod: `prod/${fresh.metadata.name}` };
}

const SCENARIOS: { name: string; build: () => { objects: KubeObject[]; pod: string }; winner: string }[] = [
  { name: 'consumer on the target node', build: () => stuckOnJiva({ controllerNode: 'k8s03', consumerNode: 'k8s03' }), winner: 'hairpin-colocation' },
  { name: 'consumer elsewhere, target healthy', build: () => stuckOnJiva({ controllerNode: 'k8s01', consumerNode: 'k8s03' }), winner: 'unknown' },
  { name: 'target not ready', build: () => stuckOnJiva({ controllerNode: 'k8s01', controllerReady: false }), winner: 'target-not-ready' },
  { name: 'target deleted', build: () => stuckOnJiva({ controllerNode: 'k8s01', deleteController: true }), winner: 'target-not-ready' },
  { name: 'two replicas down', build: () => stuckOnJiva({ controllerNode: 'k8s01', downReplicas: [1, 2] }), winner: 'replica-quorum-lost' },
  {
    name: 'Service recreated with a new ClusterIP',
    build: () => {
      const s = stuckOnJiva({ controllerNode: 'k8s01' });
      return { objects: recreateService(s.objects, s.volume.service.metadata.uid, '10.152.183.240'), pod: s.pod };
    },
    winner: 'portal-stale',
  },
  { name: 'RWO volume still used on another node', build: rollingUpdate, winner: 'multi-attach' },
];

describe('live targeted reads see what the engine needs', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.name}: ${scenario.winner}`, async () => {
      const { objects, pod } = scenario.build();
      const { diagnosis, requests, kindsRead } = await liveDiagnosis(objects, pod);
      // The whole cluster, known to hold every object of the kinds the live read listed.
      const expected = diagnosisOf(objects, NOW, pod, kindsRead);
      expect(diagnosis.hypotheses[0]?.id).toBe(scenario.winner);
      expect(core(diagnosis)).toEqual(core(expected));
      expect(requests).toBeLessThan(50);
    });
  }

  it('is more precise than a snapshot of unknown coverage: a ConfigMap looked up by name and absent does not exist', async () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    const app = c.deployment('prod/api', { image: 'api:2', node: 'k8s01', state: waiting('ContainerCreating'), volumes: [configMapVolume('settings', 'api-settings', '/etc/api')] });
    c.event({ on: app.pod, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "settings" : configmap "api-settings" not found', count: 9, first: '-15m', last: '-1m' });
    const { diagnosis } = await liveDiagnosis(c.objects(), `prod/${app.pod.metadata.name}`);
    expect(diagnosis.hypotheses[0]).toMatchObject({ id: 'missing-config-object', verdict: 'confirmed' });
    expect(diagnosisOf(c.objects(), NOW, `prod/${app.pod.metadata.name}`).hypotheses[0]).toMatchObject({ id: 'missing-config-object', verdict: 'possible' });
  });
});
