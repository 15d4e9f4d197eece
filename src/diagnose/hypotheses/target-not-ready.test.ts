import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../sources/types.ts';
import { NOW, nfsMountFailure, stuckOnJiva, stuckOnNfs, type StuckOnJiva } from '../../../test/support/scenarios.ts';
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
});
