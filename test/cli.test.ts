/** The command line as users meet it: outputs, exit codes, one-line errors for bad input. */
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runKubehow } from './support/run-cli.ts';
import { OUTPUT_FILE, SONARR } from '../examples/generate.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubehow-cli-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return runKubehow(argv);
}

function file(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const POD = `${SONARR.namespace}/${SONARR.pod}`;

describe('kubehow diagnose', () => {
  it('prints the verdict first in text', async () => {
    const r = await run('diagnose', POD, '--snapshot', OUTPUT_FILE);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    expect(lines[3]).toMatch(/^LIKELY {2}hairpin-colocation/);
    expect(r.stdout).toContain('Set aside: 1 stale event(s)');
  });

  it('emits the JSON contract', async () => {
    const r = await run('diagnose', POD, '--snapshot', OUTPUT_FILE, '-o', 'json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(Object.keys(d)).toEqual(expect.arrayContaining(['apiVersion', 'kind', 'observedAt', 'pod', 'hypotheses', 'chain', 'staleEvents', 'dataPaths', 'secondary']));
    const h = (d.hypotheses as Record<string, unknown>[])[0];
    expect(Object.keys(h ?? {})).toEqual(expect.arrayContaining(['id', 'verdict', 'score', 'title', 'summary', 'evidenceFor', 'evidenceAgainst', 'nextSteps']));
  });

  it('emits YAML and Markdown', async () => {
    expect((await run('diagnose', POD, '--snapshot', OUTPUT_FILE, '-o', 'yaml')).stdout).toMatch(/^apiVersion: kubehow\/v1alpha1\nkind: Diagnosis/);
    const md = await run('diagnose', POD, '--snapshot', OUTPUT_FILE, '-o', 'markdown');
    expect(md.stdout).toMatch(/^# Diagnosis: media\/sonarr-dd4cb4f69-8kmhv/);
    expect(md.stdout).toContain('**LIKELY: `hairpin-colocation`**');
  });

  it('accepts a workload name and -n, and says which pod it chose', async () => {
    const r = await run('diagnose', 'sonarr', '-n', 'media', '--snapshot', OUTPUT_FILE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`kubehow diagnose ${POD}`);
    expect(r.stdout).toContain('chosen as the only pod of Deployment media/sonarr');
  });

  it('honours --now and rejects a bad one', async () => {
    const r = await run('diagnose', POD, '--snapshot', OUTPUT_FILE, '--now', '2026-03-30T10:32:00Z', '-o', 'json');
    expect((JSON.parse(r.stdout) as { observedAt: string }).observedAt).toBe('2026-03-30T10:32:00.000Z');
    const bad = await run('diagnose', POD, '--snapshot', OUTPUT_FILE, '--now', 'yesterday');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^kubehow: --now: expected an RFC 3339 time/);
  });
});

describe('bad input: one line, naming the file and position, exit 2', () => {
  const cases: [string, () => string, RegExp][] = [
    ['truncated JSON', () => file('truncated.json', '{"apiVersion":"v1","kind":"List","items":[{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a"'), /truncated\.json:1:\d+: .*/],
    ['wrong kinds', () => file('wrong.json', JSON.stringify({ apiVersion: 'v1', kind: 'PodList', items: [{ apiVersion: 'v1', kind: 'Service', metadata: { name: 'x' } }] })), /wrong\.json:\d+:\d+: item 0 of PodList/],
    ['an object without kind', () => file('nokind.yaml', 'metadata:\n  name: x\n'), /nokind\.yaml:1:1: .*kind/],
    ['an empty directory', () => { const d = join(dir, 'empty'); mkdirSync(d, { recursive: true }); return d; }, /empty: no \.json, \.yaml or \.yml files found/],
    ['a binary file', () => file('binary.json', new Uint8Array([0x7b, 0x00, 0xff, 0xfe, 0x01])), /binary\.json: not a text file/],
    ['a path that does not exist', () => join(dir, 'nope'), /nope: no such file or directory/],
  ];
  for (const [what, make, message] of cases) {
    it(what, async () => {
      const r = await run('diagnose', POD, '--snapshot', make());
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^kubehow: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
      expect(r.stderr).not.toMatch(/\bat .*\.ts:\d+/);
    });
  }

  it('an unknown pod lists what exists', async () => {
    const r = await run('diagnose', 'media/nope', '--snapshot', OUTPUT_FILE);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^kubehow: pod media\/nope not found; pods in media: calibreweb-/);
  });

  it('usage errors, and exit 3 when no cluster is configured', async () => {
    const live = await run('diagnose', POD);
    expect(live.code).toBe(3);
    expect(live.stderr).toContain('no cluster configured');
    expect((await run('diagnose', POD, '--snapshot', OUTPUT_FILE, '-o', 'xml')).code).toBe(2);
    expect((await run('diagnose')).code).toBe(2);
    expect((await run('frobnicate')).code).toBe(2);
    expect((await run('--help')).code).toBe(0);
  });
});

describe('the bin entry', () => {
  it('runs the demo as a real process and exits 0', async () => {
    const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
    const { stdout } = await promisify(execFile)(process.execPath, [main, 'demo', '--no-color'], { env: { ...process.env, NO_COLOR: '1' } });
    expect(stdout).toContain('Demo: the 2026-03-30 Sonarr outage');
    expect(stdout).toContain('hairpin-colocation');
  });

  it('exits 2 on bad input as a real process', async () => {
    const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
    const err = await promisify(execFile)(process.execPath, [main, 'diagnose', 'a/b', '--snapshot', join(dir, 'missing')]).catch((e: unknown) => e as { code: number; stderr: string });
    expect(err).toMatchObject({ code: 2 });
  });
});
