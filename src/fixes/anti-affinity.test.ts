import { describe, expect, it } from 'vitest';
import { ClusterBuilder, pvcVolume, running } from '../../test/support/cluster-builder.ts';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import type { Pod } from '../kube/types.ts';
import type { KubeObject } from '../sources/types.ts';
import { antiAffinityAgainst } from '../model/affinity.ts';
import { unprotectedExposures } from '../checks/exposures.ts';
import { antiAffinityFixes, mergeAntiAffinity } from './anti-affinity.ts';
import { kubectlCommands, patchesYaml } from './formats.ts';
import { parseAllDocuments } from 'yaml';

const EXISTING = {
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disk', operator: 'In', values: ['ssd'] }] }] } },
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 50, podAffinityTerm: { labelSelector: { matchLabels: { app: 'app' } }, topologyKey: 'kubernetes.io/hostname' } }] },
};

function fixesOf(objects: readonly KubeObject[], options: Parameters<typeof antiAffinityFixes>[2] = {}) {
  const model = modelOf(objects, NOW);
  return { model, ...antiAffinityFixes(model, unprotectedExposures(model), options) };
}

describe('anti-affinity fixes', () => {
  it('keeps the consumer off nodes running the pods its Service selects, in their namespace', () => {
    const s = stuckOnJiva();
    const { model, fixes, unfixable } = fixesOf(s.objects);
    expect(unfixable).toEqual([]);
    const [fix, ...rest] = fixes;
    expect(rest).toEqual([]);
    expect(fix?.target).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'media', name: 'app' });
    expect(fix?.term).toEqual({ labelSelector: { matchLabels: (s.volume.service as KubeObject & { spec: { selector: Record<string, string> } }).spec.selector }, namespaces: ['openebs'], topologyKey: 'kubernetes.io/hostname' });
    // The new affinity, as the scheduler reads it, keeps the app off the controller's node.
    const controller = model.pod('openebs', s.volume.controllerPod.metadata.name) as Pod;
    expect(antiAffinityAgainst(model, fix?.affinity, 'media', controller)).toMatchObject({ hard: false });
    expect(fix?.patch).toEqual({ spec: { template: { spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: fix?.term }] } } } } } });
  });

  it('keeps existing node affinity and anti-affinity terms, carrying the existing terms in the replaced list', () => {
    const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
    for (const n of ['k8s01', 'k8s02']) c.node(n);
    c.jivaVolume({ claim: 'media/app-config', controllerNode: 'k8s01', replicaNodes: ['k8s01', 'k8s02'] });
    c.deployment('media/app', { image: 'x', node: 'k8s02', state: running(), volumes: [pvcVolume('config', 'app-config')], affinity: EXISTING });
    const { fixes } = fixesOf(c.objects());
    const preferred = fixes[0]?.affinity.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [];
    expect(preferred).toHaveLength(2);
    expect(preferred[0]).toEqual(EXISTING.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]);
    expect(fixes[0]?.affinity.nodeAffinity).toEqual(EXISTING.nodeAffinity);
    expect(fixes[0]?.description).toContain('1 existing term(s) of that list are kept');
  });

  it('writes a required term with --required, leaving the preferred list alone', () => {
    const merged = mergeAntiAffinity(EXISTING, { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { a: 'b' } } }, 'required');
    expect(merged.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution).toHaveLength(1);
    expect(merged.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toEqual(EXISTING.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution);
    const { fixes } = fixesOf(stuckOnJiva().objects, { strength: 'required' });
    expect(Object.keys((fixes[0]?.patch as { spec: { template: { spec: { affinity: { podAntiAffinity: object } } } } }).spec.template.spec.affinity.podAntiAffinity)).toEqual(['requiredDuringSchedulingIgnoredDuringExecution']);
  });

  it('on the target side, selects the consumer by its workload selector and warns that OpenEBS owns the controller', () => {
    const s = stuckOnJiva();
    const { model, fixes } = fixesOf(s.objects, { sides: ['target'] });
    expect(fixes.map((f) => [f.side, f.target.kind, f.target.namespace])).toEqual([['target', 'Deployment', 'openebs']]);
    expect(fixes[0]?.term.namespaces).toEqual(['media']);
    expect(fixes[0]?.warnings.join(' ')).toMatch(/OpenEBS/);
    const consumer = model.pod('media', s.app.pod.metadata.name) as Pod;
    expect(antiAffinityAgainst(model, fixes[0]?.affinity, 'openebs', consumer)).toBeDefined();
  });

  it('cannot patch a bare pod, and says why', () => {
    const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
    for (const n of ['k8s01', 'k8s02']) c.node(n);
    c.jivaVolume({ claim: 'media/app-config', controllerNode: 'k8s01', replicaNodes: ['k8s01', 'k8s02'] });
    c.pod('media/bare', { image: 'x', node: 'k8s02', state: running(), volumes: [pvcVolume('config', 'app-config')] });
    const { fixes, unfixable } = fixesOf(c.objects());
    expect(fixes).toEqual([]);
    expect(unfixable.map((u) => [u.subject.kind, u.subject.name])).toEqual([['Pod', 'bare']]);
    expect(unfixable[0]?.reason).toMatch(/immutable/);
  });
});

describe('fix outputs', () => {
  it('cannot be broken out of their comments by control characters in cluster strings', () => {
    const s = stuckOnJiva();
    const { fixes } = fixesOf(s.objects);
    const evil = fixes.map((f) => ({ ...f, description: 'line one\rinjected: true\nline two', warnings: ['w\r$(rm -rf /)'] }));
    const docs = parseAllDocuments(patchesYaml(evil)).map((d) => d.toJS() as Record<string, unknown>);
    expect(docs.every((d) => !('injected' in d))).toBe(true);
    for (const line of kubectlCommands(evil).split('\n')) expect(line.startsWith('#') || line.startsWith('kubectl') || line.startsWith('  kubectl') || line === '').toBe(true);
    expect(kubectlCommands(evil)).not.toMatch(/\r/);
  });
});
