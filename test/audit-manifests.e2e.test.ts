/**
 * `kubehow audit --manifests`: workload files of a GitOps repository checked against the seed cluster's
 * volumes and targets; SARIF validated against the official SARIF 2.1.0 schema with ajv.
 */
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Log } from 'sarif';
import { stringify } from 'yaml';
import { OUTPUT_FILE } from '../examples/generate.ts';
import { readSnapshot } from '../src/sources/snapshot/read-snapshot.ts';
import type { KubeObject } from '../src/sources/types.ts';
import { runCaptured } from './support/run-cli.ts';

const SCHEMA_FILE = new URL('./fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url);

/**
 * The official schema is draft-04, which ajv 8 no longer ships. Its only draft-04-specific keyword is the
 * top-level `id`; every validation keyword it uses (type, enum, anyOf, minimum, pattern, format, …) means
 * the same in ajv's default draft, so renaming `id` to `$id` and dropping `$schema` validates faithfully.
 */
function sarifValidator() {
  const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  const { id, ...rest } = schema;
  delete rest.$schema;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => Ajv;
  addFormats(ajv);
  return ajv.compile({ $id: typeof id === 'string' ? id : undefined, ...rest });
}

const LEADING_SERVICE = { apiVersion: 'v1', kind: 'Service', metadata: { name: 'sonarr', namespace: 'media' }, spec: { selector: { app: 'sonarr' }, ports: [{ port: 8989 }] } };

function manifest(o: KubeObject, affinity?: unknown): KubeObject {
  const spec = structuredClone(o.spec) as { template: { spec: Record<string, unknown> } };
  if (affinity !== undefined) spec.template.spec.affinity = affinity;
  return { apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.metadata.name, namespace: o.metadata.namespace ?? 'default' }, spec };
}

async function repository(): Promise<string> {
  const state = await readSnapshot(OUTPUT_FILE);
  const deployment = (ns: string, name: string) => (state.objects.get('Deployment') ?? []).find((d) => d.metadata.namespace === ns && d.metadata.name === name) as KubeObject;
  const root = mkdtempSync(join(tmpdir(), 'kubehow-gitops-'));
  mkdirSync(join(root, 'apps', 'media'), { recursive: true });
  // sonarr: a Service document first, so the workload's line is not line 1.
  writeFileSync(join(root, 'apps', 'media', 'sonarr.yaml'), `${stringify(LEADING_SERVICE)}---\n${stringify(manifest(deployment('media', 'sonarr')))}`);
  // radarr: already protected by a term selecting its Jiva controller.
  const radarrPv = (state.objects.get('PersistentVolumeClaim') ?? []).find((c) => c.metadata.name === 'radarr-config')?.spec as { volumeName: string };
  const protectedAffinity = { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': radarrPv.volumeName } }, namespaces: ['openebs'], topologyKey: 'kubernetes.io/hostname' } }] } };
  writeFileSync(join(root, 'apps', 'media', 'radarr.yaml'), stringify(manifest(deployment('media', 'radarr'), protectedAffinity)));
  // sabnzbd: not on Jiva.
  writeFileSync(join(root, 'apps', 'media', 'sabnzbd.yaml'), stringify(manifest(deployment('media', 'sabnzbd'))));
  return root;
}

describe('kubehow audit --manifests', () => {
  it('reports the unprotected file at its pod spec line, in SARIF that validates against the 2.1.0 schema', async () => {
    const root = await repository();
    const r = await runCaptured('audit', '--snapshot', OUTPUT_FILE, '--manifests', root, '-o', 'sarif');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout) as Log;
    const validate = sarifValidator();
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const results = log.runs[0]?.results ?? [];
    expect(results.map((x) => [x.ruleId, x.locations?.[0]?.physicalLocation?.artifactLocation?.uri])).toEqual([['missing-anti-affinity', 'apps/media/sonarr.yaml']]);
    const line = results[0]?.locations?.[0]?.physicalLocation?.region?.startLine ?? 0;
    const text = readFileSync(join(root, 'apps', 'media', 'sonarr.yaml'), 'utf8').split('\n');
    // The region points into the sonarr Deployment's pod spec (after the leading Service document).
    expect(text.slice(0, line - 1).some((l) => l.startsWith('kind: Deployment'))).toBe(true);
    expect(text[line - 1]).toMatch(/^\s+(containers|volumes|[a-zA-Z]+):/);
  });

  it('sets the exit code for CI with --fail-on, and the validator rejects a broken log', async () => {
    const root = await repository();
    expect((await runCaptured('audit', '--snapshot', OUTPUT_FILE, '--manifests', root, '--fail-on', 'warning', '-o', 'json')).code).toBe(1);
    expect((await runCaptured('audit', '--snapshot', OUTPUT_FILE, '--manifests', root, '--fail-on', 'critical')).code).toBe(0);
    expect(sarifValidator()({ version: '2.1.0', runs: [{ results: [] }] })).toBe(false);
  });
});
