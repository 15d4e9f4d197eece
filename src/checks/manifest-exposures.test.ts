import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import { parseManifestText } from '../sources/manifests/parse-manifests.ts';
import { manifestExposures } from './manifest-exposures.ts';

function manifest(namespace: string | undefined, affinity = ''): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: app${namespace !== undefined ? `\n  namespace: ${namespace}` : ''}
spec:
  template:
    metadata:
      labels: {app: app}
    spec:${affinity}
      containers: [{name: c, image: x}]
      volumes:
        - name: config
          persistentVolumeClaim: {claimName: app-config}
`;
}

describe('manifest exposures', () => {
  const s = stuckOnJiva({ controllerNode: 'k8s01' });
  const model = modelOf(s.objects, NOW);

  it('flags a manifest whose claim leads to a Service-fronted target with nothing keeping them apart, at its file and line', () => {
    const { findings } = manifestExposures(model, parseManifestText(manifest('media'), 'apps/app.yaml'));
    expect(findings.map((f) => [f.id, f.subject.name, f.location])).toEqual([['missing-anti-affinity', 'app', { file: 'apps/app.yaml', line: 11, column: 7 }]]);
    // Line 11, column 7 is the first key of the pod spec: where an affinity would be added.
    expect(manifest('media').split('\n')[10]).toBe('      containers: [{name: c, image: x}]');
  });

  it('accepts a manifest protected by an anti-affinity term selecting the target', () => {
    const term = `
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
            - labelSelector: {matchLabels: {openebs.io/persistent-volume: ${s.volume.pvName}}}
              namespaces: [openebs]
              topologyKey: kubernetes.io/hostname`;
    expect(manifestExposures(model, parseManifestText(manifest('media', term), 'a.yaml')).findings).toEqual([]);
  });

  it('resolves a namespace-less manifest in the namespace it will be applied to, and says when the claim is not there', () => {
    expect(manifestExposures(model, parseManifestText(manifest(undefined), 'a.yaml'), 'media').findings).toHaveLength(1);
    const elsewhere = manifestExposures(model, parseManifestText(manifest(undefined), 'a.yaml'), 'other');
    expect(elsewhere.findings).toEqual([]);
    expect(elsewhere.notes.join(' ')).toMatch(/a\.yaml: Deployment other\/app volume "config": PersistentVolumeClaim other\/app-config/);
  });
});
