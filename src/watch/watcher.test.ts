import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ClusterState, KubeObject, SourceNote } from '../sources/types.ts';
import { OUTPUT_FILE, SONARR } from '../../examples/generate.ts';
import { stateOf } from '../../test/support/state.ts';
import type { Notification } from './alert.ts';
import { defaultWatchConfig } from './config.ts';
import { WatchMetrics } from './metrics.ts';
import { Watcher, type ClusterFeed } from './watcher.ts';

const SEED_NOW = Date.parse('2026-03-30T09:32:00Z');

/** A feed over a fixed set of objects that tests edit; "in sync" is a switch. */
class FixedFeed implements ClusterFeed {
  objects: KubeObject[];
  syncedKinds = new Set<string>();
  outOfSync = new Set<string>();
  constructor(objects: KubeObject[]) {
    this.objects = objects;
  }
  notes: SourceNote[] = [];
  state(now: string): ClusterState {
    return { ...stateOf(this.objects, now, new Set(this.objects.map((o) => o.kind))), notes: this.notes };
  }
  inSync(kind: string): boolean {
    return !this.outOfSync.has(kind);
  }
  synced(): boolean {
    return true;
  }
  // Changes are not announced: these tests run passes by hand.
  subscribe(): () => void {
    return () => undefined;
  }
  replace(obj: KubeObject): void {
    this.objects = this.objects.map((o) => (o.metadata.uid === obj.metadata.uid ? obj : o));
  }
}

function seedObjects(): KubeObject[] {
  return (JSON.parse(readFileSync(OUTPUT_FILE, 'utf8')) as { items: KubeObject[] }).items;
}

function watcherOver(feed: ClusterFeed, clock: { now: number }): { watcher: Watcher; delivered: Notification[]; metrics: WatchMetrics } {
  const delivered: Notification[] = [];
  const metrics = new WatchMetrics({ version: 'test' });
  const watcher = new Watcher({ feed, config: { ...defaultWatchConfig(), docsBaseUrl: 'https://docs.example.org/kubehow' }, targets: [{ enqueue: (n) => delivered.push(...n) }], metrics, clock: () => clock.now, log: () => undefined });
  return { watcher, delivered, metrics };
}

describe('Watcher on the seed incident', () => {
  it('raises stuck-pod for sonarr with the diagnosis (hairpin-colocation first) and colocation-exposure, once', async () => {
    const feed = new FixedFeed(seedObjects());
    const clock = { now: SEED_NOW };
    const { watcher, delivered, metrics } = watcherOver(feed, clock);
    const first = watcher.pass();
    const byId = new Map(first.map((n) => [n.alert.id, n]));
    const stuck = byId.get('stuck-pod');
    expect(stuck?.type).toBe('firing');
    expect(stuck?.alert.subject).toMatchObject({ kind: 'Pod', namespace: 'media', name: SONARR.pod });
    expect(stuck?.alert.diagnosis?.hypotheses[0]).toMatchObject({ id: 'hairpin-colocation', verdict: 'likely', docsUrl: 'https://docs.example.org/kubehow/hypotheses/hairpin-colocation.md' });
    expect(stuck?.alert.diagnosis?.nextSteps.join('\n')).toContain('k8s03');
    expect(stuck?.alert.labels).toMatchObject({ alertname: 'KubehowStuckPod', severity: 'high', namespace: 'media', pod: SONARR.pod, node: 'k8s03' });
    expect(stuck?.alert.docsUrl).toBe('https://docs.example.org/kubehow/findings/stuck-pod.md');
    const exposure = byId.get('colocation-exposure');
    expect(exposure?.alert).toMatchObject({ severity: 'critical', subject: { kind: 'Deployment', namespace: 'media', name: 'sonarr' }, labels: { alertname: 'KubehowColocationExposure', deployment: 'sonarr', pod: SONARR.pod } });
    expect(exposure?.alert.diagnosis?.hypotheses[0]?.id).toBe('hairpin-colocation');
    expect(delivered).toEqual(first);

    // The next pass sees the same cluster: nothing new.
    clock.now += 60_000;
    expect(watcher.pass()).toEqual([]);
    const metricsText = await metrics.registry.metrics();
    expect(metricsText).toMatch(/kubehow_stuck_pods\{namespace="media"\} 1/);
    expect(metricsText).toMatch(/kubehow_findings\{id="colocation-exposure",severity="critical"\} 1/);
    expect(metricsText).toMatch(/kubehow_notifications_total\{type="firing",id="stuck-pod"\} 1/);
  });

  it('resolves when sonarr runs elsewhere, but not while pods are out of sync', () => {
    const objects = seedObjects();
    const feed = new FixedFeed(objects);
    const clock = { now: SEED_NOW };
    const { watcher } = watcherOver(feed, clock);
    const fired = watcher.pass().map((n) => n.alert.fingerprint);
    expect(fired).toEqual(expect.arrayContaining([`stuck-pod/Pod/media/${SONARR.pod}`, 'colocation-exposure/Deployment/media/sonarr']));
    // The pod is deleted (the PIR's mitigation); its replacement is not created yet.
    feed.objects = objects.filter((o) => !(o.kind === 'Pod' && o.metadata.name === SONARR.pod));
    feed.outOfSync.add('Pod');
    clock.now += 30_000;
    expect(watcher.pass()).toEqual([]);
    feed.outOfSync.clear();
    const resolved = watcher.pass();
    expect(resolved.map((n) => [n.type, n.alert.fingerprint])).toEqual(
      expect.arrayContaining([
        ['resolved', `stuck-pod/Pod/media/${SONARR.pod}`],
        ['resolved', 'colocation-exposure/Deployment/media/sonarr'],
      ]),
    );
    expect(resolved.every((n) => n.alert.endsAt === '2026-03-30T09:32:30Z')).toBe(true);
  });

  it('says in every alert what it could not read', () => {
    const feed = new FixedFeed(seedObjects().filter((o) => o.kind !== 'NetworkPolicy'));
    feed.notes = [
      { kind: 'forbidden', resource: 'NetworkPolicy', message: 'could not read networkpolicies: forbidden by RBAC (networkpolicies.networking.k8s.io is forbidden); retried every 5 min' },
      { kind: 'skipped', message: 'a note that is not a limit of the data' },
    ];
    const { watcher } = watcherOver(feed, { now: SEED_NOW });
    const stuck = watcher.pass().find((n) => n.alert.id === 'stuck-pod');
    expect(stuck?.alert.caveats).toEqual(['could not read networkpolicies: forbidden by RBAC (networkpolicies.networking.k8s.io is forbidden); retried every 5 min']);
  });
});
