import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ClusterAccessError, UsageError } from '../../errors.ts';
import { loadKubeConfig } from './kubeconfig.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubehow-kubeconfig-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function config(file: string, contexts: { name: string; server: string }[], current: string): string {
  const lines = ['apiVersion: v1', 'kind: Config', `current-context: ${current}`, 'clusters:'];
  for (const c of contexts) lines.push(`- name: ${c.name}-cluster`, '  cluster:', `    server: ${c.server}`);
  lines.push('contexts:');
  for (const c of contexts) lines.push(`- name: ${c.name}`, '  context:', `    cluster: ${c.name}-cluster`, `    user: ${c.name}-user`);
  lines.push('users:');
  for (const c of contexts) lines.push(`- name: ${c.name}-user`, '  user: {token: t}');
  const path = join(dir, file);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('loadKubeConfig', () => {
  const a = config('a', [{ name: 'dev', server: 'https://127.0.0.1:6443' }], 'dev');
  const b = config('b', [{ name: 'prod', server: 'https://127.0.0.2:6443' }], 'prod');

  it('--kubeconfig wins over $KUBECONFIG, and --context picks a context', () => {
    expect(loadKubeConfig({ kubeconfig: a, env: { KUBECONFIG: b } })).toMatchObject({ context: 'dev', server: 'https://127.0.0.1:6443' });
  });

  it('merges the files of $KUBECONFIG, the first one setting the current context', () => {
    const chosen = loadKubeConfig({ env: { KUBECONFIG: [a, join(dir, 'missing'), b].join(delimiter) } });
    expect(chosen).toMatchObject({ context: 'dev', server: 'https://127.0.0.1:6443' });
    expect(loadKubeConfig({ env: { KUBECONFIG: [a, b].join(delimiter) }, context: 'prod' })).toMatchObject({ context: 'prod', server: 'https://127.0.0.2:6443' });
  });

  it('falls back to ~/.kube/config', () => {
    const home = join(dir, 'home');
    mkdirSync(join(home, '.kube'), { recursive: true });
    config(join('home', '.kube', 'config'), [{ name: 'home', server: 'https://127.0.0.3:6443' }], 'home');
    expect(loadKubeConfig({ env: {}, home })).toMatchObject({ context: 'home', server: 'https://127.0.0.3:6443' });
  });

  it('refuses an unknown context, a missing file, and a machine with no configuration at all', () => {
    expect(() => loadKubeConfig({ kubeconfig: a, env: {}, context: 'prod' })).toThrow(UsageError);
    expect(() => loadKubeConfig({ kubeconfig: join(dir, 'nope'), env: {} })).toThrow(UsageError);
    expect(() => loadKubeConfig({ env: {}, home: join(dir, 'empty-home') })).toThrow(ClusterAccessError);
  });
});
