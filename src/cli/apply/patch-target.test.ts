/**
 * `fix --apply` against a loopback HTTP server that records every request: a strategic-merge PATCH with
 * `dryRun=All` first, the real PATCH only when the dry run passed, each result reported.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { modelOf } from '../../../test/support/state.ts';
import { pvcVolume, running, type ClusterBuilder } from '../../../test/support/cluster-builder.ts';
import { unprotectedExposures } from '../../checks/exposures.ts';
import { antiAffinityFixes } from '../../fixes/anti-affinity.ts';
import { applyFixes, kubePatchTarget } from './patch-target.ts';

interface Recorded {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  body: unknown;
}

const requests: Recorded[] = [];
let server: Server;
let kubeconfig: string;
/** Deployments whose dry run the server rejects, as admission would. */
const REJECT = new Set(['rejected']);

async function bodyOf(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text === '' ? undefined : (JSON.parse(text) as unknown);
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = await bodyOf(req);
      requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'], body });
      res.setHeader('content-type', 'application/json');
      if (req.method === 'GET' && url.pathname === '/apis/apps/v1') {
        res.end(JSON.stringify({ kind: 'APIResourceList', groupVersion: 'apps/v1', resources: [{ name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get', 'patch'] }] }));
        return;
      }
      const name = url.pathname.split('/').pop() ?? '';
      if (req.method === 'PATCH' && REJECT.has(name)) {
        res.statusCode = 422;
        res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `admission webhook denied the request for ${name}`, reason: 'Invalid', code: 422 }));
        return;
      }
      res.end(JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name } }));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  kubeconfig = join(mkdtempSync(join(tmpdir(), 'kubehow-apply-')), 'config');
  writeFileSync(kubeconfig, stringify({
    apiVersion: 'v1',
    kind: 'Config',
    // client-node refuses plain HTTP unless TLS verification is off; this server is loopback-only.
    clusters: [{ name: 'loopback', cluster: { server: `http://127.0.0.1:${port}`, 'insecure-skip-tls-verify': true } }],
    users: [{ name: 'tester', user: { token: 'not-a-secret' } }],
    contexts: [{ name: 'test', context: { cluster: 'loopback', user: 'tester' } }],
    'current-context': 'test',
  }));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => { resolve(); }));
});

describe('fix --apply through client-node', () => {
  it('dry-runs each patch on the server, then applies the ones that passed, reporting each', async () => {
    const s = stuckOnJiva({
      controllerNode: 'k8s01',
      extra: (c: ClusterBuilder, v) => {
        c.deployment('media/rejected', { image: 'x', node: 'k8s02', state: running(), volumes: [pvcVolume('config', v.pvc.metadata.name)] });
      },
    });
    const model = modelOf(s.objects, NOW);
    const { fixes } = antiAffinityFixes(model, unprotectedExposures(model));
    expect(fixes.map((f) => f.target.name).sort()).toEqual(['app', 'rejected']);
    requests.length = 0;
    const target = kubePatchTarget({ kubeconfig, context: 'test' });
    expect(target.describe).toMatch(/^test @ http:\/\/127\.0\.0\.1:\d+$/);
    const results = await applyFixes(target, fixes);
    expect(results.map((r) => [r.fix.target.name, r.outcome])).toEqual(fixes.map((f) => [f.target.name, f.target.name === 'rejected' ? 'dry-run-failed' : 'applied']));
    expect(results.find((r) => r.outcome === 'dry-run-failed')?.error).toMatch(/admission webhook denied/);

    const patches = requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((p) => [p.path, p.query.get('dryRun')])).toEqual(
      fixes.flatMap((f) => (f.target.name === 'rejected' ? [[`/apis/apps/v1/namespaces/media/deployments/${f.target.name}`, 'All']] : [[`/apis/apps/v1/namespaces/media/deployments/${f.target.name}`, 'All'], [`/apis/apps/v1/namespaces/media/deployments/${f.target.name}`, null]])),
    );
    for (const p of patches) expect(p.contentType).toBe('application/strategic-merge-patch+json');
    const applied = patches.find((p) => p.query.get('dryRun') === null);
    const fix = fixes.find((f) => f.target.name === 'app');
    expect(applied?.body).toMatchObject({ ...fix?.patch, metadata: { name: 'app', namespace: 'media' } });
  });

  it('refuses an unknown context', () => {
    expect(() => kubePatchTarget({ kubeconfig, context: 'nope' })).toThrow(/no such context/);
  });
});
