import { describe, expect, it } from 'vitest';
import type { Finding, FindingId, Severity } from '../checks/types.ts';
import { formatTime } from '../model/time.ts';
import { AlertEngine, type AlertFactory, type PassResult } from './alert-engine.ts';
import { alertName } from './alert.ts';

const T0 = Date.parse('2026-03-30T09:00:00Z');
const MIN = 60_000;

function finding(id: FindingId, name: string, severity: Severity = 'high', summary = `${name} is stuck`): Finding {
  return { id, severity, title: id, summary, subject: { kind: 'Pod', namespace: 'media', name }, related: [], evidence: [] };
}

/** Builds alerts and counts how often it was asked: the engine must build only what it notifies. */
function factory(): { build: AlertFactory; builds: string[] } {
  const builds: string[] = [];
  return {
    builds,
    build: (f, firstSeenMs) => {
      builds.push(f.subject.name);
      return { fingerprint: `${f.id}/${f.subject.name}`, id: f.id, severity: f.severity, title: f.title, summary: f.summary, subject: f.subject, related: [], evidence: [], startsAt: formatTime(firstSeenMs), docsUrl: '', labels: { alertname: alertName(f.id) } };
    },
  };
}

const ALL: ReadonlySet<FindingId> = new Set(['stuck-pod', 'colocation-exposure', 'target-not-ready']);
const pass = (findings: Finding[], complete: ReadonlySet<FindingId> = ALL): PassResult => ({ findings, complete });

describe('AlertEngine', () => {
  it('fires once, stays quiet while the finding persists, repeats after the interval, resolves when it is gone', () => {
    const engine = new AlertEngine({ repeatIntervalMs: 60 * MIN, forMs: () => 0 });
    const { build, builds } = factory();
    const stuck = finding('stuck-pod', 'sonarr');
    expect(engine.evaluate(pass([stuck]), T0, build).map((n) => [n.type, n.alert.subject.name, n.at])).toEqual([['firing', 'sonarr', '2026-03-30T09:00:00Z']]);
    for (let m = 1; m < 60; m += 1) expect(engine.evaluate(pass([stuck]), T0 + m * MIN, build)).toEqual([]);
    const repeat = engine.evaluate(pass([finding('stuck-pod', 'sonarr', 'high', 'sonarr is stuck for 1h')]), T0 + 60 * MIN, build);
    expect(repeat.map((n) => [n.type, n.alert.summary, n.alert.startsAt])).toEqual([['repeat', 'sonarr is stuck for 1h', '2026-03-30T09:00:00Z']]);
    const gone = engine.evaluate(pass([]), T0 + 61 * MIN, build);
    expect(gone.map((n) => [n.type, n.alert.endsAt])).toEqual([['resolved', '2026-03-30T10:01:00Z']]);
    expect(engine.firing()).toEqual([]);
    expect(builds).toEqual(['sonarr', 'sonarr']);
  });

  it('does not resolve on a pass that could not see the detector\'s data (an informer re-listing)', () => {
    const engine = new AlertEngine({ repeatIntervalMs: 60 * MIN, forMs: () => 0 });
    const { build } = factory();
    engine.evaluate(pass([finding('stuck-pod', 'sonarr')]), T0, build);
    expect(engine.evaluate(pass([], new Set(['colocation-exposure'])), T0 + MIN, build)).toEqual([]);
    expect(engine.firing().map((a) => a.subject.name)).toEqual(['sonarr']);
    // Back in sync and still there: nothing new, no duplicate.
    expect(engine.evaluate(pass([finding('stuck-pod', 'sonarr')]), T0 + 2 * MIN, build)).toEqual([]);
  });

  it('waits for the detector\'s `for` duration, and a finding that goes away sooner never fires nor resolves', () => {
    const engine = new AlertEngine({ repeatIntervalMs: 60 * MIN, forMs: (id) => (id === 'target-not-ready' ? MIN : 0) });
    const { build } = factory();
    const target = finding('target-not-ready', 'pvc-1-ctrl-svc', 'critical');
    expect(engine.evaluate(pass([target]), T0, build)).toEqual([]);
    expect(engine.pending().map((f) => f.subject.name)).toEqual(['pvc-1-ctrl-svc']);
    expect(engine.evaluate(pass([]), T0 + 30_000, build)).toEqual([]);
    expect(engine.evaluate(pass([target]), T0 + 40_000, build)).toEqual([]);
    expect(engine.evaluate(pass([target]), T0 + 90_000, build)).toEqual([]);
    const fired = engine.evaluate(pass([target]), T0 + 100_000, build);
    expect(fired.map((n) => [n.type, n.alert.startsAt])).toEqual([['firing', '2026-03-30T09:00:40Z']]);
  });

  it('turns a severity change into a resolve of the old alert and a new firing one', () => {
    const engine = new AlertEngine({ repeatIntervalMs: 60 * MIN, forMs: () => 0 });
    const { build } = factory();
    engine.evaluate(pass([finding('colocation-exposure', 'sonarr', 'high')]), T0, build);
    const escalated = engine.evaluate(pass([finding('colocation-exposure', 'sonarr', 'critical')]), T0 + MIN, build);
    expect(escalated.map((n) => [n.type, n.alert.severity])).toEqual([['resolved', 'high'], ['firing', 'critical']]);
  });

  it('notifies one alert per fingerprint even when a pass reports it twice', () => {
    const engine = new AlertEngine({ repeatIntervalMs: 60 * MIN, forMs: () => 0 });
    const { build } = factory();
    expect(engine.evaluate(pass([finding('stuck-pod', 'a'), finding('stuck-pod', 'a'), finding('stuck-pod', 'b')]), T0, build)).toHaveLength(2);
  });
});
