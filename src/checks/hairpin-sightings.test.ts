import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import { hairpinSightings } from './hairpin-sightings.ts';
import { missingAntiAffinity } from './missing-anti-affinity.ts';
import { colocationExposure } from './colocation-exposure.ts';

describe('hairpin sightings', () => {
  it('sees a connection failure reported by the node that serves the portal', () => {
    const s = stuckOnJiva({ consumerNode: 'k8s03', controllerNode: 'k8s03' });
    const model = modelOf(s.objects, NOW);
    expect(hairpinSightings(model).map((h) => [h.node, h.portal])).toEqual([['k8s03', s.volume.portal]]);
    expect(colocationExposure.run(model)[0]?.evidence.some((e) => e.kind === 'event' && e.text.includes('hairpin'))).toBe(true);
    expect(missingAntiAffinity.run(model).map((f) => f.severity)).toEqual(['high']);
  });

  it('does not count a failure to a target on another node, and the latent exposure stays a warning', () => {
    const s = stuckOnJiva({ consumerNode: 'k8s01', controllerNode: 'k8s03' });
    const model = modelOf(s.objects, NOW);
    expect(hairpinSightings(model)).toEqual([]);
    expect(missingAntiAffinity.run(model).map((f) => f.severity)).toEqual(['warning']);
  });

  it('does not count a refused connection (no listener, not a hairpin)', () => {
    const s = stuckOnJiva({
      consumerNode: 'k8s03',
      controllerNode: 'k8s03',
      failedMount: (v) => `MountVolume.WaitForAttach failed for volume "${v.pvName}" : iscsi: failed to sendtargets to portal ${v.portal} output: iscsiadm: cannot make connection to ${v.portal.split(':')[0] ?? ''}: Connection refused`,
    });
    expect(hairpinSightings(modelOf(s.objects, NOW))).toEqual([]);
  });
});
