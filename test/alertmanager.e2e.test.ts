/**
 * The Alertmanager sink against a real Alertmanager 0.25 (Debian prometheus-alertmanager) on loopback: the alert it
 * sends is listed by Alertmanager's own API with its labels, annotations and diagnosis, and the resolve ends it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertmanagerSink } from '../src/sinks/alertmanager.ts';
import { DeliveryQueue } from '../src/sinks/delivery-queue.ts';
import { WatchMetrics } from '../src/watch/metrics.ts';
import { notify, stuckPodAlert } from './support/alerts.ts';
import { startAlertmanager, type RunningAlertmanager } from './support/alertmanager.ts';

let am: RunningAlertmanager | undefined;
let base = '';

function listAlerts(query = ''): ReturnType<RunningAlertmanager['listAlerts']> {
  if (am === undefined) throw new Error('Alertmanager not started');
  return am.listAlerts(query);
}

beforeAll(async () => {
  am = await startAlertmanager();
  base = am.base;
}, 30_000);

afterAll(async () => {
  await am?.stop();
});

describe('Alertmanager sink against Alertmanager 0.25', () => {
  it('fires an alert Alertmanager lists with its labels, diagnosis and runbook, then resolves it', async () => {
    const metrics = new WatchMetrics({ version: 'test' });
    const logs: string[] = [];
    const queue = new DeliveryQueue({ sink: new AlertmanagerSink({ urls: [base] }), metrics, log: (m) => logs.push(m) });
    queue.start();
    const startsAt = new Date(Date.now() - 10 * 60_000).toISOString();
    const alert = stuckPodAlert({ pod: 'sonarr-0', startsAt, evidence: ['Event FailedMount: <!channel> & "quotes" stay data'] });
    queue.enqueue(notify('firing', alert, new Date().toISOString()));
    expect(await queue.drain(10_000)).toBe(true);

    const listed = (await listAlerts()).filter((a) => a.labels.pod === 'sonarr-0');
    expect(listed).toHaveLength(1);
    const [active] = listed;
    expect(active?.status.state).toBe('active');
    expect(active?.labels).toEqual({ alertname: 'KubehowStuckPod', severity: 'critical', kubehow_id: 'stuck-pod', namespace: 'media', pod: 'sonarr-0', node: 'worker-2' });
    expect(Date.parse(active?.startsAt ?? '')).toBe(Date.parse(startsAt));
    expect(Date.parse(active?.endsAt ?? '')).toBeGreaterThan(Date.now());
    expect(active?.annotations.runbook_url).toBe('https://docs.example.test/kubehow/hypotheses/hairpin-colocation.md');
    expect(active?.annotations.description).toContain('1. [likely] iSCSI target on the same node: The pod and its iSCSI target share node worker-2.');
    expect(active?.annotations.description).toContain('Next steps:\n- Cordon worker-2 and delete the pod');
    expect(active?.annotations.evidence).toBe('Event FailedMount: <!channel> & "quotes" stay data');

    const endsAt = new Date(Date.now() - 1000).toISOString();
    queue.enqueue(notify('resolved', { ...alert, endsAt }, new Date().toISOString()));
    expect(await queue.drain(10_000)).toBe(true);
    // Alertmanager 0.25 leaves resolved alerts (endsAt past) out of GET /api/v2/alerts, active or not.
    expect((await listAlerts()).filter((a) => a.labels.pod === 'sonarr-0')).toEqual([]);
    expect((await listAlerts('?active=true')).filter((a) => a.labels.pod === 'sonarr-0')).toEqual([]);
    expect(logs).toEqual([]);
    await queue.stop();
  }, 30_000);
});
