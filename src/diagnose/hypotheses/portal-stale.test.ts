import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import type { KubeObject } from '../../sources/types.ts';
import { portalStale } from './portal-stale.ts';

/** The volume's Service recreated with a new ClusterIP: the PV still names the old one. */
function recreateService(objects: KubeObject[], serviceUid: string | undefined, newIp: string): KubeObject[] {
  return objects.map((o) => {
    if (o.metadata.uid !== serviceUid) return o;
    const copy = structuredClone(o) as KubeObject & { spec: { clusterIP: string; clusterIPs: string[] } };
    copy.spec.clusterIP = newIp;
    copy.spec.clusterIPs = [newIp];
    return copy;
  });
}

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
