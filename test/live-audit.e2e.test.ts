/**
 * `kubehow audit` and `kubehow fix` against the test API server serving the seed example: the same
 * findings and the same patches as from the snapshot file, read through paged lists only.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { NOW, OUTPUT_FILE } from '../examples/generate.ts';
import { runKubehow, seedObjects, startServer, type LiveFixture } from './support/live.ts';

let fixture: LiveFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

interface AuditDocument {
  findings: { id: string; severity: string; subject?: { namespace?: string; name?: string } }[];
}

const clock = { clock: () => Date.parse(NOW) };

describe('audit and fix on a live cluster', () => {
  it('audit finds what it finds in the snapshot, with paged lists and no Secret read', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const live = await runKubehow(['audit', '--kubeconfig', fixture.kubeconfig, '-o', 'json'], clock);
    const offline = await runKubehow(['audit', '--snapshot', OUTPUT_FILE, '-o', 'json']);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(offline.code);
    const liveDoc = JSON.parse(live.stdout) as AuditDocument;
    const offlineDoc = JSON.parse(offline.stdout) as AuditDocument;
    expect(liveDoc.findings).toEqual(offlineDoc.findings);
    const exposed = liveDoc.findings.filter((f) => f.id === 'missing-anti-affinity').map((f) => f.subject?.name).sort();
    expect(exposed).toEqual(['calibreweb', 'overseerr', 'radarr', 'readarr', 'sonarr']);

    const lists = fixture.server.requests.filter((r) => r.verb === 'list');
    expect(lists.length).toBeGreaterThan(0);
    expect(lists.every((r) => r.query.limit !== undefined)).toBe(true);
    expect(fixture.server.requests.some((r) => r.resource === 'secrets')).toBe(false);
  });

  it('audit -n reads only the namespaces asked for', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const r = await runKubehow(['audit', '--kubeconfig', fixture.kubeconfig, '-n', 'media', '-n', 'openebs', '-o', 'json'], clock);
    expect(r.stderr).toBe('');
    const namespaced = fixture.server.requests.filter((q) => q.verb === 'list' && q.namespace !== undefined);
    expect(new Set(namespaced.map((q) => q.namespace))).toEqual(new Set(['media', 'openebs']));
  });

  it('fix emits the same patches live as from the snapshot', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const live = await runKubehow(['fix', '--kubeconfig', fixture.kubeconfig, '-o', 'yaml'], clock);
    const offline = await runKubehow(['fix', '--snapshot', OUTPUT_FILE, '-o', 'yaml']);
    expect(live.stderr).toBe('');
    expect(live.code).toBe(0);
    expect(live.stdout).toBe(offline.stdout);
    expect(live.stdout).toContain('podAntiAffinity');
  });
});
