/** `kubehow audit` and `kubehow fix` on the seed example, through the command line. */
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { OUTPUT_FILE } from '../examples/generate.ts';
import type { Audit } from '../src/checks/audit.ts';
import { runCaptured } from './support/run-cli.ts';

const JIVA_APPS = ['calibreweb', 'overseerr', 'radarr', 'readarr', 'sonarr'];
const OTHER_APPS = ['sabnzbd', 'tautulli'];

async function auditJson(...flags: string[]): Promise<Audit> {
  const r = await runCaptured('audit', '--snapshot', OUTPUT_FILE, '-o', 'json', ...flags);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as Audit;
}

describe('kubehow audit on the seed example', () => {
  it('names sonarr as exposed now and every Jiva-backed app as latent, and no other app', async () => {
    const a = await auditJson();
    expect(a).toMatchObject({ apiVersion: 'kubehow/v1alpha1', kind: 'Audit' });
    const names = (id: string) => a.findings.filter((f) => f.id === id).map((f) => f.subject.name).sort();
    expect(names('colocation-exposure')).toEqual(['sonarr']);
    expect(a.findings.find((f) => f.id === 'colocation-exposure')?.severity).toBe('critical');
    expect(names('missing-anti-affinity')).toEqual(JIVA_APPS);
    // A hairpin failure was seen on k8s03, so the latent exposures are not merely theoretical.
    expect(new Set(a.findings.filter((f) => f.id === 'missing-anti-affinity').map((f) => f.severity))).toEqual(new Set(['high']));
    const mentioned = JSON.stringify(a.findings.filter((f) => f.id === 'missing-anti-affinity' || f.id === 'colocation-exposure'));
    for (const other of OTHER_APPS) expect(mentioned).not.toContain(`"name":"${other}"`);
    expect(names('stuck-pod')).toEqual(['sonarr-dd4cb4f69-8kmhv']);
    expect(a.findings.find((f) => f.id === 'node-disk-pressure')?.node).toBe('k8s02');
  });

  it('exits 1 at or above --fail-on, 0 below it, 2 on a bad flag', async () => {
    expect((await runCaptured('audit', '--snapshot', OUTPUT_FILE, '--fail-on', 'critical')).code).toBe(1);
    expect((await runCaptured('audit', '--snapshot', OUTPUT_FILE, '--fail-on', 'critical', '--ignore', 'colocation-exposure=media/*')).code).toBe(0);
    expect((await runCaptured('audit', '--snapshot', OUTPUT_FILE, '--ignore', 'nonsense')).code).toBe(2);
    expect((await runCaptured('audit', '--snapshot', OUTPUT_FILE, '-o', 'sarif')).code).toBe(2);
  });

  it('filters by namespace and severity', async () => {
    expect((await auditJson('-n', 'kube-system')).findings).toEqual([]);
    const media = await auditJson('-n', 'media', '--severity', 'high');
    expect(media.findings.every((f) => f.subject.namespace === 'media' && (f.severity === 'high' || f.severity === 'critical'))).toBe(true);
    expect(media.findings.length).toBeGreaterThan(0);
  });

  it('renders markdown with one row per finding', async () => {
    const r = await runCaptured('audit', '--snapshot', OUTPUT_FILE, '-o', 'markdown');
    const a = await auditJson();
    expect(r.stdout.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| severity'))).toHaveLength(a.findings.length);
  });
});

describe('kubehow fix on the seed example', () => {
  it('describes first and changes nothing', async () => {
    const r = await runCaptured('fix', '--snapshot', OUTPUT_FILE);
    expect(r.code).toBe(0);
    for (const app of JIVA_APPS) expect(r.stdout).toContain(`Deployment media/${app} (consumer side, preferred)`);
    expect(r.stdout).toContain('Nothing was changed.');
  });

  it('writes a kustomize overlay with one patch per workload', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'kubehow-overlay-')), 'overlay');
    const r = await runCaptured('fix', '--snapshot', OUTPUT_FILE, '-o', 'kustomize', '--out', out, '--base', '../../apps');
    expect(r.code).toBe(0);
    const k = parse(readFileSync(join(out, 'kustomization.yaml'), 'utf8')) as { bases: string[]; patchesStrategicMerge: string[] };
    expect(k.bases).toEqual(['../../apps']);
    expect(k.patchesStrategicMerge.sort()).toEqual(readdirSync(join(out, 'patches')).map((f) => `patches/${f}`).sort());
    expect(k.patchesStrategicMerge).toHaveLength(JIVA_APPS.length);
  });

  it('prints kubectl commands that dry-run on the server before patching', async () => {
    const r = await runCaptured('fix', '--snapshot', OUTPUT_FILE, '-o', 'kubectl', '--required', '-n', 'media', '--ignore', 'missing-anti-affinity=media/r*');
    const commands = r.stdout.split('\n').filter((l) => l.includes('patch deployment.apps'));
    // radarr and readarr are ignored; each other app gets a dry run and a real patch.
    expect(commands.map((c) => /patch deployment\.apps (\S+)/.exec(c)?.[1]).sort()).toEqual(['calibreweb', 'calibreweb', 'overseerr', 'overseerr', 'sonarr', 'sonarr']);
    expect(commands[0]).toMatch(/^kubectl -n media patch deployment\.apps \w+ --type strategic -p '\{.*requiredDuringSchedulingIgnoredDuringExecution.*\}' --dry-run=server && \\$/);
  });

  it('refuses --apply computed from a snapshot', async () => {
    const r = await runCaptured('fix', '--snapshot', OUTPUT_FILE, '--apply');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--apply patches the live cluster/);
  });
});
