import { describe, expect, it } from 'vitest';
import { ClusterBuilder, configMapVolume, secretVolume, waiting, type PodVolume } from '../../../test/support/cluster-builder.ts';
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

  describe('from the mount summary alone (kubelets before the explicit "not found" text)', () => {
    // https://github.com/kubernetes/kubernetes/issues/28772: the 1.3 kubelet printed only this for a missing ConfigMap.
    const legacySummary = (volume: string, pod: string, uid: string) =>
      `Unable to mount volumes for pod "${pod}_prod(${uid})": timeout expired waiting for volumes to attach/mount for pod "${pod}"/"prod". list of unattached/unmounted volumes=[${volume}]`;

    function waitingOnVolume(volume: PodVolume, objects: KubeObject[]) {
      const c = new ClusterBuilder({ now: NOW });
      c.node('k8s01');
      const app = c.deployment('prod/api', { image: 'api:2', node: 'k8s01', state: waiting('ContainerCreating'), volumes: [volume] });
      c.event({ on: app.pod, reason: 'FailedMount', message: legacySummary(volume.name, app.pod.metadata.name ?? '', app.pod.metadata.uid ?? ''), count: 9, first: '-15m', last: '-1m' });
      return { objects: [...c.objects(), ...objects], pod: `prod/${app.pod.metadata.name ?? ''}` };
    }
    const configMap = (name: string): KubeObject => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'prod', uid: `uid-${name}` }, data: {} });

    it('is likely, not confirmed, when the unmounted volume\'s ConfigMap is absent and ConfigMaps were read', () => {
      const s = waitingOnVolume(configMapVolume('config-volume', 'app-config', '/etc/config'), [configMap('other')]);
      const a = missingConfigObject.assess(contextOf(s.objects, NOW, s.pod));
      expect(a?.verdict).toBe('likely');
      expect(a?.summary).toContain('ConfigMap prod/app-config');
      expect(diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id).toBe('missing-config-object');
    });

    it('does not apply when the ConfigMap exists or the source is optional', () => {
      const present = waitingOnVolume(configMapVolume('config-volume', 'app-config'), [configMap('app-config')]);
      expect(missingConfigObject.assess(contextOf(present.objects, NOW, present.pod))).toBeUndefined();
      const optional: PodVolume = { name: 'config-volume', source: { configMap: { name: 'app-config', optional: true } } };
      const s = waitingOnVolume(optional, [configMap('other')]);
      expect(missingConfigObject.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
    });

    it('claims nothing when the snapshot holds ConfigMaps of other namespaces only (perhaps collected by namespace)', () => {
      const elsewhere: KubeObject = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'coredns', namespace: 'kube-system', uid: 'uid-coredns' }, data: {} };
      const s = waitingOnVolume(configMapVolume('config-volume', 'app-config'), [elsewhere]);
      const a = missingConfigObject.assess(contextOf(s.objects, NOW, s.pod));
      expect(a?.verdict).toBe('possible');
      expect(a?.evidenceAgainst.some((e) => e.kind === 'gap' && e.text.includes('ConfigMap prod/app-config'))).toBe(true);
    });

    it('follows projected sources', () => {
      const projected: PodVolume = { name: 'bundle', source: { projected: { sources: [{ configMap: { name: 'present' } }, { configMap: { name: 'ca-bundle' } }] } } };
      const s = waitingOnVolume(projected, [configMap('present')]);
      const a = missingConfigObject.assess(contextOf(s.objects, NOW, s.pod));
      expect(a?.verdict).toBe('likely');
      expect(a?.summary).toContain('ConfigMap prod/ca-bundle');
      expect(a?.summary).not.toContain('prod/present');
    });

    it('claims nothing about a Secret when Secrets were not read (live mode never reads them)', () => {
      const s = waitingOnVolume(secretVolume('creds', 'db-password'), []);
      const kindsRead = new Set(['Pod', 'Event', 'Node', 'ConfigMap']);
      const d = diagnosisOf(s.objects, NOW, s.pod, kindsRead);
      const h = d.hypotheses.find((x) => x.id === 'missing-config-object');
      expect(h?.verdict).toBe('possible');
      expect(d.hypotheses.some((x) => x.verdict === 'confirmed' || x.verdict === 'likely')).toBe(false);
    });
  });
});
