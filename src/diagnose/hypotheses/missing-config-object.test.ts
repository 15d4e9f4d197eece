import { describe, expect, it } from 'vitest';
import { ClusterBuilder, secretVolume, waiting } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import type { KubeObject } from '../../sources/types.ts';
import { missingConfigObject } from './missing-config-object.ts';

function secret(namespace: string, name: string): KubeObject {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace, uid: `uid-${name}`, creationTimestamp: '2026-03-01T00:00:00Z' }, type: 'Opaque', data: { password: '' } };
}

function waitingOnSecret(existing: string[]) {
  const c = new ClusterBuilder({ now: NOW });
  c.node('k8s01');
  const app = c.deployment('prod/api', { image: 'api:2', node: 'k8s01', state: waiting('ContainerCreating'), volumes: [secretVolume('creds', 'db-password', '/creds')] });
  c.event({ on: app.pod, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "creds" : secret "db-password" not found', count: 9, first: '-15m', last: '-1m' });
  return { objects: [...c.objects(), ...existing.map((n) => secret('prod', n))], pod: `prod/${app.pod.metadata.name}` };
}

describe('missing-config-object', () => {
  it('is confirmed when the named Secret is absent and Secrets were read', () => {
    const s = waitingOnSecret(['tls-cert']);
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'missing-config-object', verdict: 'confirmed' });
  });

  it('is ruled out when the Secret exists now', () => {
    const s = waitingOnSecret(['db-password']);
    expect(missingConfigObject.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });

  it('says it cannot know when no Secret was read at all', () => {
    const s = waitingOnSecret([]);
    const a = missingConfigObject.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap' && e.text.includes('not in the snapshot'))).toBe(true);
  });
});
