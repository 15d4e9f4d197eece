/**
 * The fixes on the seed example, applied by real kubectl (Debian kubernetes-client 1.20): `patch --local`
 * on the workload YAML, and `kustomize` on the overlay. Offline: an empty kubeconfig, never a server.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments, stringify } from 'yaml';
import { readSnapshot } from '../src/sources/snapshot/read-snapshot.ts';
import { buildModel, type Model } from '../src/model/model.ts';
import { unprotectedExposures } from '../src/checks/exposures.ts';
import { antiAffinityFixes, type AntiAffinityFix } from '../src/fixes/anti-affinity.ts';
import { templateSpecOf } from '../src/kube/pod-template.ts';
import { kustomizeOverlay, patchFileName } from '../src/fixes/formats.ts';
import { antiAffinityAgainst } from '../src/model/affinity.ts';
import type { Pod, Workload } from '../src/kube/types.ts';
import type { KubeObject } from '../src/sources/types.ts';
import { DEMO_SNAPSHOT } from '../src/cli/commands/demo.ts';
import { kubectlPath } from './support/tools.ts';

const run = promisify(execFile);
const EXISTING_AFFINITY = {
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/arch', operator: 'In', values: ['amd64'] }] }] } },
  podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: { labelSelector: { matchLabels: { 'app.kubernetes.io/name': 'sabnzbd' } }, topologyKey: 'kubernetes.io/hostname' } }] },
};

async function kubectl(args: string[], cwd: string): Promise<string> {
  const kubeconfig = join(cwd, 'empty-kubeconfig');
  await writeFile(kubeconfig, '');
  const { stdout } = await run(kubectlPath(), args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: cwd, KUBECONFIG: kubeconfig } });
  return stdout;
}

/** The object as a GitOps repository would hold it: no status, no server-set metadata. */
function asManifest(obj: KubeObject): KubeObject {
  const rest: Record<string, unknown> = { ...obj };
  delete rest.status;
  const metadata = { name: obj.metadata.name, ...(obj.metadata.namespace !== undefined ? { namespace: obj.metadata.namespace } : {}), ...(obj.metadata.labels !== undefined ? { labels: obj.metadata.labels } : {}) };
  return { ...rest, apiVersion: obj.apiVersion, kind: obj.kind, metadata };
}

/** The seed example with sonarr given an existing node affinity and anti-affinity term. */
async function seedModel(withExistingAffinity: boolean): Promise<Model> {
  const state = await readSnapshot(DEMO_SNAPSHOT);
  if (!withExistingAffinity) return buildModel(state);
  const objects = new Map(state.objects);
  const patchSonarr = (o: KubeObject): KubeObject => {
    if (o.metadata.namespace !== 'media' || !o.metadata.name.startsWith('sonarr')) return o;
    const copy = structuredClone(o);
    const spec = o.kind === 'Pod' ? (copy as Pod).spec : templateSpecOf(copy);
    if (spec !== undefined) spec.affinity = structuredClone(EXISTING_AFFINITY);
    return copy;
  };
  for (const kind of ['Deployment', 'ReplicaSet', 'Pod']) objects.set(kind, (objects.get(kind) ?? []).map(patchSonarr));
  return buildModel({ ...state, objects });
}

function fixesOf(model: Model): AntiAffinityFix[] {
  return antiAffinityFixes(model, unprotectedExposures(model)).fixes;
}

/** The target pods of a fix (the serving pods it was built to avoid). */
function targetsOf(model: Model, fix: AntiAffinityFix): Pod[] {
  const exposure = unprotectedExposures(model).find((e) => e.workload.name === fix.target.name && e.workload.namespace === fix.target.namespace);
  return exposure?.unprotectedTargets ?? [];
}

function checkPatched(model: Model, fix: AntiAffinityFix, patched: Workload, existing: typeof EXISTING_AFFINITY | undefined): void {
  const spec = templateSpecOf(patched);
  const affinity = spec?.affinity;
  const targets = targetsOf(model, fix);
  expect(targets.length).toBeGreaterThan(0);
  // The patched template, read as the scheduler would, keeps the workload off every target's node.
  for (const t of targets) expect(antiAffinityAgainst(model, affinity, fix.target.namespace, t)).toBeDefined();
  if (existing !== undefined) {
    expect(affinity?.nodeAffinity).toEqual(existing.nodeAffinity);
    expect(affinity?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution).toContainEqual(existing.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0]);
  }
}

describe('kubehow fix on the seed example, applied by kubectl 1.20', () => {
  it('emits one consumer patch per Jiva-backed app, and none for other apps', async () => {
    const fixes = fixesOf(await seedModel(false));
    expect(fixes.map((f) => f.target.name).sort()).toEqual(['calibreweb', 'overseerr', 'radarr', 'readarr', 'sonarr']);
  });

  for (const existing of [false, true]) {
    it(`kubectl patch --local applies each patch${existing ? ', keeping existing node affinity and anti-affinity terms' : ''}`, async () => {
      const model = await seedModel(existing);
      const dir = await mkdtemp(join(tmpdir(), 'kubehow-fix-'));
      for (const fix of fixesOf(model)) {
        const workload = model.get('Deployment', fix.target.namespace, fix.target.name);
        expect(workload).toBeDefined();
        const file = join(dir, patchFileName(fix));
        await writeFile(file, stringify(asManifest(workload as KubeObject)));
        const out = await kubectl(['patch', '--local', '-f', file, '--type', 'strategic', '-p', JSON.stringify(fix.patch), '-o', 'json'], dir);
        checkPatched(model, fix, JSON.parse(out) as Workload, existing && fix.target.name === 'sonarr' ? EXISTING_AFFINITY : undefined);
      }
    });
  }

  it('kubectl kustomize renders the overlay over a base of the workloads', async () => {
    const model = await seedModel(true);
    const fixes = fixesOf(model);
    const dir = await mkdtemp(join(tmpdir(), 'kubehow-kustomize-'));
    await mkdir(join(dir, 'base'));
    const resources: string[] = [];
    for (const fix of fixes) {
      const name = patchFileName(fix);
      resources.push(name);
      await writeFile(join(dir, 'base', name), stringify(asManifest(model.get('Deployment', fix.target.namespace, fix.target.name) as KubeObject)));
    }
    await writeFile(join(dir, 'base', 'kustomization.yaml'), stringify({ resources }));
    for (const [name, content] of kustomizeOverlay(fixes, { bases: ['../base'] })) {
      await mkdir(join(dir, 'overlay', 'patches'), { recursive: true });
      await writeFile(join(dir, 'overlay', name), content);
    }
    const rendered = parseAllDocuments(await kubectl(['kustomize', 'overlay'], dir)).map((d) => d.toJS() as Workload);
    expect(rendered.map((w) => w.metadata.name).sort()).toEqual(fixes.map((f) => f.target.name).sort());
    for (const fix of fixes) {
      const w = rendered.find((r) => r.metadata.name === fix.target.name) as Workload;
      checkPatched(model, fix, w, fix.target.name === 'sonarr' ? EXISTING_AFFINITY : undefined);
    }
  });
});
