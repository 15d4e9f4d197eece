import { describe, expect, it } from 'vitest';
import { ClusterBuilder, running } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import type { Pod } from '../kube/types.ts';
import { restartStormCheck, type ObservedRestarts, type RestartWindow } from './restart-storm.ts';

const HOUR = 3_600_000;
const now = Date.parse(NOW);

/** A watcher's view: restarts seen per pod name prefix. */
function windowOf(seen: Record<string, ObservedRestarts>): RestartWindow {
  return { windowMs: HOUR, minRestarts: 5, observed: (pod: Pod) => Object.entries(seen).find(([prefix]) => pod.metadata.name.startsWith(prefix))?.[1] };
}

function cluster() {
  const c = new ClusterBuilder({ now: NOW });
  c.node('n1');
  // 697 restarts, the last 50 minutes ago: a storm by the snapshot's signs.
  c.deployment('openebs/provisioner', { image: 'x', node: 'n1', state: running({ restarts: 697, since: '-50m', lastExit: { reason: 'Error', exitCode: 1, finishedAt: '-50m' } }) });
  // 8 restarts in total, all recent: not a storm by the snapshot's signs (fewer than 10).
  c.deployment('media/oom', { image: 'x', node: 'n1', state: running({ restarts: 8, since: '-3m', lastExit: { reason: 'OOMKilled', exitCode: 137, finishedAt: '-3m' } }) });
  return modelOf(c.objects(), NOW);
}

describe('restart-storm per window (watch)', () => {
  it('judges a pod watched for a whole window by the restarts seen in it, not by its lifetime count', () => {
    const findings = restartStormCheck(windowOf({ provisioner: { restarts: 0, sinceMs: now - HOUR }, oom: { restarts: 6, sinceMs: now - HOUR } })).run(cluster());
    expect(findings.map((f) => f.subject.name.split('-')[0])).toEqual(['oom']);
    expect(findings[0]?.summary).toContain('has restarted 8 times (6 in the last 1h)');
    expect(findings[0]?.evidence[0]?.text).toBe('6 restarts seen in the last 1h (restartCount moved while watched)');
  });

  it('falls back to the snapshot\'s signs for a pod watched for less than the window, and counts what it did see', () => {
    const findings = restartStormCheck(windowOf({ provisioner: { restarts: 0, sinceMs: now - 10 * 60_000 }, oom: { restarts: 5, sinceMs: now - 10 * 60_000 } })).run(cluster());
    expect(findings.map((f) => f.subject.name.split('-')[0]).sort()).toEqual(['oom', 'provisioner']);
  });

  it('is the snapshot rule without a window (audit)', () => {
    expect(restartStormCheck().run(cluster()).map((f) => f.subject.name.split('-')[0])).toEqual(['provisioner']);
  });

  it('raises the severity when the window holds three times the threshold', () => {
    const [f] = restartStormCheck(windowOf({ oom: { restarts: 15, sinceMs: now - HOUR } })).run(cluster()).filter((x) => x.subject.name.startsWith('oom'));
    expect(f?.severity).toBe('high');
  });
});
