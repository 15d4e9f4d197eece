import { describe, expect, it } from 'vitest';
import { ClusterBuilder, crashLoop, running, unscheduled, waiting } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { stateOf } from '../../test/support/state.ts';
import { buildModel, type Model } from '../model/model.ts';
import { runChecks } from '../checks/run.ts';
import { CHECKS } from '../checks/registry.ts';
import type { Check, FindingId } from '../checks/types.ts';
import { DEFAULT_CHECK_IDS, PLUGIN_EXIT_CODE, coverageNotes, coverageProblems, evaluate, metricsFor, resolveThresholds, worstState, type PluginResult } from './plugin-status.ts';
import { findingHeadline } from './headline.ts';

const NONE = { warning: new Map<string, string>(), critical: new Map<string, string>() };

function checksOf(ids: readonly FindingId[]): Check[] {
  return ids.map((id) => CHECKS.find((c) => c.id === id)).filter((c) => c !== undefined);
}

function judge(model: Model, overrides = NONE, ids: readonly FindingId[] = DEFAULT_CHECK_IDS): PluginResult {
  const checks = checksOf(ids);
  const metrics = metricsFor(ids);
  const findings = runChecks(model, checks);
  return evaluate({ metrics, thresholds: resolveThresholds(metrics, overrides), findings, problems: coverageProblems(model, checks, findings) });
}

function values(r: PluginResult): Record<string, number> {
  return Object.fromEntries(r.metrics.map((m) => [m.label, m.value]));
}

describe('plugin states', () => {
  it('exit codes follow the guidelines', () => {
    expect(PLUGIN_EXIT_CODE).toEqual({ OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 });
  });

  it('the worst state wins as in max_state_alt: CRITICAL > WARNING > UNKNOWN > OK', () => {
    expect(worstState([])).toBe('OK');
    expect(worstState(['OK', 'UNKNOWN'])).toBe('UNKNOWN');
    expect(worstState(['UNKNOWN', 'WARNING', 'OK'])).toBe('WARNING');
    expect(worstState(['WARNING', 'CRITICAL', 'UNKNOWN'])).toBe('CRITICAL');
  });
});

describe('metrics and thresholds', () => {
  it('one metric per check run, then one per severity; a check without a name of its own still gets one', () => {
    expect(metricsFor(DEFAULT_CHECK_IDS).map((m) => m.label)).toEqual(['stuck_pods', 'colocation_exposures', 'targets_not_ready', 'restart_storms', 'nodes_disk_pressure', 'findings_critical', 'findings_high', 'findings_warning']);
    expect(metricsFor(['internal-error']).map((m) => m.label)[0]).toBe('findings_internal_error');
  });

  it('overrides replace defaults, an empty range removes one, unknown metrics and bad ranges are refused', () => {
    const metrics = metricsFor(['stuck-pod', 'restart-storm']);
    const t = resolveThresholds(metrics, { warning: new Map([['stuck_pods', '0']]), critical: new Map([['stuck_pods', '2'], ['findings_critical', '']]) });
    expect(t.get('stuck_pods')).toMatchObject({ warning: { text: '0' }, critical: { text: '2' } });
    expect(t.get('findings_critical')).toEqual({});
    expect(t.get('restart_storms')).toMatchObject({ warning: { text: '0' } });
    expect(() => resolveThresholds(metrics, { ...NONE, warning: new Map([['colocation_exposures', '0']]) })).toThrow(/unknown metric "colocation_exposures"/);
    expect(() => resolveThresholds(metrics, { ...NONE, critical: new Map([['stuck_pods', 'x']]) })).toThrow(/threshold range "x"/);
  });
});

describe('judging a cluster', () => {
  it('a healthy cluster is OK with every count at zero', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('media/app', { image: 'x', node: 'n1', state: running() });
    const r = judge(buildModel(stateOf(c.objects(), NOW, new Set(['Pod', 'Node', 'Event', 'PersistentVolumeClaim', 'PersistentVolume', 'Service', 'EndpointSlice', 'Endpoints']))));
    expect(r.state).toBe('OK');
    expect(Object.values(values(r)).every((v) => v === 0)).toBe(true);
    expect(r.problems).toEqual([]);
  });

  it('a pod stuck in ContainerCreating is CRITICAL by default; a restart storm alone is WARNING', () => {
    const stuck = new ClusterBuilder({ now: NOW });
    stuck.node('n1');
    stuck.deployment('media/sonarr', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-45m' });
    const r = judge(buildModel(stateOf(stuck.objects(), NOW)));
    expect(r.state).toBe('CRITICAL');
    expect(values(r)).toMatchObject({ stuck_pods: 1, findings_high: 1 });
    expect(r.metrics.find((m) => m.label === 'stuck_pods')?.state).toBe('CRITICAL');

    const storm = new ClusterBuilder({ now: NOW });
    storm.node('n1');
    storm.deployment('openebs/provisioner', { image: 'x', node: 'n1', state: crashLoop(40) });
    const s = judge(buildModel(stateOf(storm.objects(), NOW)));
    expect(s.state).toBe('WARNING');
    expect(values(s)).toMatchObject({ stuck_pods: 0, restart_storms: 1, findings_warning: 1 });
  });

  it('thresholds change the state: -c 2 on stuck_pods tolerates one stuck pod (the high finding still warns)', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('media/sonarr', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-45m' });
    const model = buildModel(stateOf(c.objects(), NOW));
    expect(judge(model, { warning: new Map(), critical: new Map([['stuck_pods', '2']]) }).state).toBe('WARNING');
    expect(judge(model, { warning: new Map([['findings_high', '']]), critical: new Map([['stuck_pods', '2']]) }).state).toBe('OK');
    expect(judge(model, { warning: new Map([['findings_high', '']]), critical: new Map([['stuck_pods', '@1:1']]) }).state).toBe('CRITICAL');
  });

  it('a kind the checks need that RBAC forbids makes the run UNKNOWN, unless a problem found is worse', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('media/app', { image: 'x', node: 'n1', state: running() });
    const forbidden = (objects: ReturnType<typeof c.objects>) => buildModel({ ...stateOf(objects, NOW), notes: [{ kind: 'forbidden', resource: 'Event', message: 'could not read events: forbidden' }, { kind: 'forbidden', resource: 'ConfigMap', message: 'could not read configmaps: forbidden' }] });
    const r = judge(forbidden(c.objects()));
    expect(r.state).toBe('UNKNOWN');
    expect(r.problems).toEqual([{ message: 'could not read events: forbidden' }]);

    c.deployment('media/sonarr', { image: 'x', node: 'n1', state: waiting('ContainerCreating'), podCreated: '-45m' });
    expect(judge(forbidden(c.objects())).state).toBe('CRITICAL');
    const metrics = metricsFor(['stuck-pod']);
    expect(evaluate({ metrics, thresholds: resolveThresholds(metrics, NONE), findings: [], problems: [{ message: 'x' }], problemState: 'WARNING' }).state).toBe('WARNING');
  });

  it('a check that throws is a coverage problem, named', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    const model = buildModel(stateOf(c.objects(), NOW));
    const broken: Check = { id: 'restart-storm', title: 'broken', needs: [], run: () => { throw new Error('boom'); } };
    const findings = runChecks(model, [broken]);
    const problems = coverageProblems(model, [broken], findings);
    expect(problems).toHaveLength(1);
    expect(problems[0]?.message).toMatch(/^The restart-storm check failed on this input and was skipped: boom$/);
    const metrics = metricsFor(['restart-storm']);
    const r = evaluate({ metrics, thresholds: resolveThresholds(metrics, NONE), findings, problems });
    expect(r).toMatchObject({ state: 'UNKNOWN', findings: [] });
    expect(r.metrics.every((m) => m.value === 0)).toBe(true);
  });

  it('a kind the live source tried and did not get is a coverage problem', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    const model = buildModel(stateOf(c.objects(), NOW, new Set(['Node'])));
    expect(coverageProblems(model, checksOf(['stuck-pod']), [])).toEqual([{ message: 'Pod objects were not read' }]);
  });
});

describe('coverage notes', () => {
  it('names the needed kinds a snapshot of unknown coverage does not hold, and none when coverage is known', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('media/app', { image: 'x', node: 'n1', state: running() });
    const checks = checksOf(['stuck-pod', 'node-disk-pressure']);
    expect(coverageNotes(buildModel(stateOf(c.objects(), NOW)), checks)).toEqual(['not in the snapshot, so not checked: Event (none exist, or they were not collected)']);
    expect(coverageNotes(buildModel(stateOf(c.objects(), NOW, new Set(['Pod', 'Node', 'Event']))), checks)).toEqual([]);
  });
});

describe('headlines', () => {
  it('a stuck pod is named with its waiting reason, age and node, read from the pod; an unscheduled one says so', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s03');
    c.deployment('media/sonarr', { image: 'x', node: 'k8s03', state: waiting('ContainerCreating'), podCreated: '-45m' });
    c.deployment('media/big', { image: 'x', state: unscheduled(), podCreated: '-20m' });
    const model = buildModel(stateOf(c.objects(), NOW));
    const lines = runChecks(model, checksOf(['stuck-pod'])).map((f) => findingHeadline(model, f)).sort();
    expect(lines).toEqual([expect.stringMatching(/^media\/big-[a-z0-9-]+ unscheduled for 20m$/), expect.stringMatching(/^media\/sonarr-[a-z0-9-]+ in ContainerCreating for 45m on k8s03$/)]);
  });
});
