import { describe, expect, it } from 'vitest';
import { NOW, nfsMountFailure, recreateService, stuckOnJiva, stuckOnNfs } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { portalStale } from './portal-stale.ts';

describe('portal-stale', () => {
  it('wins when the PV portal matches no Service and the volume Service has a new ClusterIP', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01' });
    const objects = recreateService(s.objects, s.volume.service.metadata.uid, '10.152.183.240');
    const a = portalStale.assess(contextOf(objects, NOW, s.pod));
    expect(a?.verdict).toBe('likely');
    expect(a?.summary).toContain('10.152.183.240');
    const d = diagnosisOf(objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('portal-stale');
  });

  it('is ruled out when a Service owns the portal address', () => {
    const s = stuckOnJiva();
    const a = portalStale.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
  });
});

describe('portal-stale and the Service range', () => {
  const timeout = (server: string) => nfsMountFailure('app-data-nfs', server, 'mount.nfs: Connection timed out');

  it('is ruled out for an address no current ClusterIP shares a /12 with: it never was a ClusterIP here', () => {
    // kube-apiserver: "specified --service-cluster-ip-range is too large; for 32-bit addresses, the mask must be >= 12".
    const s = stuckOnNfs({ server: () => '172.20.5.9', failedMount: timeout });
    const a = portalStale.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst[0]?.text).toMatch(/shares a \/12 with 172\.20\.5\.9/);
  });

  it('stays live for an unused address inside the Service range (a recreated Service\'s old ClusterIP)', () => {
    const s = stuckOnNfs({ server: () => '10.152.183.77', failedMount: timeout });
    expect(portalStale.assess(contextOf(s.objects, NOW, s.pod))?.verdict).not.toBe('ruled-out');
  });
});
