import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../sources/types.ts';
import { NOW, nfsMountFailure, stuckOnJiva, stuckOnNfs, type StuckOnJiva } from '../../../test/support/scenarios.ts';
import { stuckOnCsi, type StuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { running } from '../../../test/support/cluster-builder.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { targetNotReady } from './target-not-ready.ts';

describe('target-not-ready', () => {
  it('wins when the controller pod is gone', () => {
    const s = stuckOnJiva({ deleteController: true });
    const a = targetNotReady.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('target-not-ready');
    expect(d.hypotheses.find((h) => h.id === 'hairpin-colocation')?.verdict).toBe('ruled-out');
  });

  it('wins when the controller is not ready, wherever it runs', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s03', controllerReady: false });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'target-not-ready', verdict: 'likely' });
  });

  it('is ruled out when the controller is Ready, not restarted, and listed in the endpoints', () => {
    const s = stuckOnJiva();
    const a = targetNotReady.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst.some((e) => e.ref?.uid === s.volume.controllerPod.metadata.uid && e.text.includes('Ready, 0 restarts'))).toBe(true);
  });

  it('is possible when the controller restarted around the time the errors began', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01' });
    // Restart the controller 24 minutes ago: after the first FailedMount (25m ago).
    const objects = s.objects.map((o) => {
      if (o.metadata.uid !== s.volume.controllerPod.metadata.uid) return o;
      const copy = structuredClone(o) as typeof o & { status: { containerStatuses: { restartCount: number; state: { running: { startedAt: string } }; lastState: unknown }[] } };
      for (const cs of copy.status.containerStatuses) {
        cs.restartCount = 1;
        cs.state = { running: { startedAt: '2026-03-30T09:08:00Z' } };
        cs.lastState = { terminated: { reason: 'Error', exitCode: 1, startedAt: '2026-03-30T03:00:00Z', finishedAt: '2026-03-30T09:07:50Z' } };
      }
      return copy;
    });
    const a = targetNotReady.assess(contextOf(objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
  });
});

/** The legacy Jiva PV re-pointed at a dead ClusterIP, as a recreated controller Service leaves it (portal-stale). */
function withStalePortal(s: StuckOnJiva, deadIp: string): KubeObject[] {
  return s.objects.map((o) => (o.kind === 'PersistentVolume' && o.metadata.name === s.volume.pvName ? { ...o, spec: { ...(o.spec as object), iscsi: { ...(o.spec as { iscsi: object }).iscsi, targetPortal: `${deadIp}:3260` } } } : o));
}
const staleTimeout = (ip: string) => (v: { pvName: string }) =>
  `MountVolume.WaitForAttach failed for volume "${v.pvName}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal ${ip}:3260 output: iscsiadm: connect to ${ip} timed out\niscsiadm: connection login retries (reopen_max) 5 exceeded\niscsiadm: Could not perform SendTargets discovery: encountered connection failure\n, err exit status 4`;

describe('target-not-ready when the portal leads to no Service', () => {
  it('judges the volume\'s own Jiva controller, found by its labels, and is ruled out when it is Ready and not restarted', () => {
    const s = stuckOnJiva({ failedMount: staleTimeout('10.152.183.250') });
    const a = targetNotReady.assess(contextOf(withStalePortal(s, '10.152.183.250'), NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst.some((e) => e.ref?.uid === s.volume.controllerPod.metadata.uid && e.text.includes('target by its labels'))).toBe(true);
    expect(a?.evidenceAgainst.some((e) => e.kind === 'inference' && e.text.includes('portal-stale'))).toBe(true);
    const d = diagnosisOf(withStalePortal(s, '10.152.183.250'), NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('portal-stale');
  });

  it('stays possible, with the controller as evidence, when that controller is not Ready', () => {
    const s = stuckOnJiva({ failedMount: staleTimeout('10.152.183.250'), controllerReady: false });
    const a = targetNotReady.assess(contextOf(withStalePortal(s, '10.152.183.250'), NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceFor.some((e) => e.ref?.uid === s.volume.controllerPod.metadata.uid)).toBe(true);
  });

  it('is ruled out for a NAS outside every Service range and pod CIDR: no in-cluster target exists', () => {
    const s = stuckOnNfs({ server: () => '172.20.5.9', failedMount: (server) => nfsMountFailure('app-data-nfs', server, 'mount.nfs: Connection timed out') });
    const a = targetNotReady.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toMatch(/shares a \/12 with 172\.20\.5\.9/);
  });

  it('stays possible for an address inside the Service range: it may be a recreated Service\'s old ClusterIP', () => {
    const s = stuckOnNfs({ server: () => '10.152.183.77', failedMount: (server) => nfsMountFailure('app-data-nfs', server, 'mount.nfs: Connection timed out') });
    expect(targetNotReady.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('possible');
  });

  describe('a Longhorn RWX volume whose share is not yet available', () => {
    // https://github.com/longhorn/longhorn/issues/6429; text from longhorn-manager csi/node_server.go (`volume %s share not yet available`, codes.Aborted).
    const notAvailable = (pv: string) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Aborted desc = volume ${pv} share not yet available`;
    // longhorn-manager labels the share-manager pod and its Service longhorn.io/share-manager=<volume>.
    const withShareManager = (opts: { ready?: boolean; service?: boolean; pod?: boolean }): StuckOnCsi =>
      stuckOnCsi({
        driver: 'driver.longhorn.io',
        message: notAvailable,
        extra: (c, pv) => {
          const labels = { 'longhorn.io/component': 'share-manager', 'longhorn.io/share-manager': pv.metadata.name };
          c.namespace('longhorn-system');
          if (opts.pod !== false) c.pod(`longhorn-system/share-manager-${pv.metadata.name}`, { labels, image: 'longhornio/longhorn-share-manager:v1.5.1', node: 'k8s01', created: '-30m', state: running({ since: '-30m', ready: opts.ready ?? false }) });
          if (opts.service !== false) c.service(`longhorn-system/${pv.metadata.name}`, { selector: labels, labels: { 'longhorn.io/share-manager': pv.metadata.name }, ports: [{ name: 'nfs', port: 2049 }] });
        },
      });

    it('is likely when the share-manager serving it is not Ready', () => {
      const s = withShareManager({ ready: false });
      const d = diagnosisOf(s.objects, NOW, s.pod);
      expect(d.hypotheses[0]).toMatchObject({ id: 'target-not-ready', verdict: 'likely' });
      expect(d.hypotheses[0]?.evidenceFor.some((e) => e.text.includes(`share-manager-${s.pvName}`) && e.text.includes('not Ready'))).toBe(true);
      expect(d.chain.some((step) => step.answer.includes('share not yet available'))).toBe(true);
    });

    it('is ruled out when the share-manager is Ready and listed in its Service', () => {
      const s = withShareManager({ ready: true });
      expect(targetNotReady.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
    });

    it('judges a labelled share-manager pod without a Service, and says so when neither exists', () => {
      const podOnly = withShareManager({ ready: false, service: false });
      expect(targetNotReady.assess(contextOf(podOnly.objects, NOW, podOnly.pod))?.verdict).toBe('likely');
      const none = withShareManager({ service: false, pod: false });
      const a = targetNotReady.assess(contextOf(none.objects, NOW, none.pod));
      expect(a?.verdict).toBe('possible');
      expect(a?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
    });
  });
});
