/**
 * `kubehow check` as a Nagios / Monitoring Plugins service check: findings become counted metrics, each metric is
 * judged against its warning and critical ranges (range.ts), and the service state is the worst of the metric states
 * and of what could not be checked. Pure: the CLI reads the cluster and runs the checks, the renderer prints.
 */
import type { Model } from '../model/model.ts';
import { subjectPath } from '../checks/audit.ts';
import type { Check, Finding, FindingId, Severity } from '../checks/types.ts';
import { CURRENT_PROBLEM_IDS, SEVERITY_ORDER } from '../checks/types.ts';
import { alerts, parseRange, type Range } from './range.ts';

export type PluginState = 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
export const PLUGIN_STATES: readonly PluginState[] = ['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'];

/** The guidelines' return codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. */
export const PLUGIN_EXIT_CODE: Readonly<Record<PluginState, 0 | 1 | 2 | 3>> = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 };

// Monitoring Plugins' max_state_alt: OK < UNKNOWN < WARNING < CRITICAL. A problem found outranks a part that could
// not be checked: a stuck pod is CRITICAL even when events were forbidden.
const PRECEDENCE: readonly PluginState[] = ['OK', 'UNKNOWN', 'WARNING', 'CRITICAL'];

/** The worst of several states (OK when there are none). */
export function worstState(states: Iterable<PluginState>): PluginState {
  let worst: PluginState = 'OK';
  for (const s of states) if (PRECEDENCE.indexOf(s) > PRECEDENCE.indexOf(worst)) worst = s;
  return worst;
}

/** The checks `kubehow check` runs unless `--checks` says otherwise: what is wrong now, not latent exposures (audit's job). */
export const DEFAULT_CHECK_IDS: readonly FindingId[] = CURRENT_PROBLEM_IDS;

/** One performance-data metric: a count of findings. */
export interface MetricDefinition {
  label: string;
  /** Counted thing, singular and plural, for the status line ("1 stuck pod", "3 restart storms"). */
  noun: readonly [string, string];
  counts(f: Finding): boolean;
  /** Set for the metrics that count findings of one severity across checks. */
  severity?: Severity;
  /** Default warning and critical ranges (guideline syntax); none when absent. */
  warning?: string;
  critical?: string;
}

// Per-check metric names; a check missing here still gets a metric (`findings_<id>`), so adding a check never hides it.
const BY_CHECK: Partial<Record<FindingId, { label: string; noun: readonly [string, string]; warning?: string; critical?: string }>> = {
  // The seed incident's detection gap: any pod stuck past 5 minutes is an outage, so one is CRITICAL.
  'stuck-pod': { label: 'stuck_pods', noun: ['stuck pod', 'stuck pods'], critical: '0' },
  'colocation-exposure': { label: 'colocation_exposures', noun: ['co-location exposure', 'co-location exposures'], warning: '0' },
  // A target with consumers and no ready backend: its consumers' I/O has nowhere to go (critical findings make it CRITICAL).
  'target-not-ready': { label: 'targets_not_ready', noun: ['storage target not ready', 'storage targets not ready'], warning: '0' },
  'restart-storm': { label: 'restart_storms', noun: ['restart storm', 'restart storms'], warning: '0' },
  'node-disk-pressure': { label: 'nodes_disk_pressure', noun: ['node short of disk', 'nodes short of disk'], warning: '0' },
  'target-placement': { label: 'target_placements', noun: ['fragile replica placement', 'fragile replica placements'] },
  'missing-anti-affinity': { label: 'missing_anti_affinities', noun: ['workload without anti-affinity', 'workloads without anti-affinity'] },
};

// By severity, across the checks run: a critical finding (a consumer stuck on its target's node) is CRITICAL, a high one WARNING.
const BY_SEVERITY: Readonly<Record<Exclude<Severity, 'info'>, { warning?: string; critical?: string }>> = {
  critical: { critical: '0' },
  high: { warning: '0' },
  warning: {},
};

/** The metrics for a set of checks: one per check, then one per severity. */
export function metricsFor(checkIds: readonly FindingId[]): MetricDefinition[] {
  const perCheck = checkIds.map((id): MetricDefinition => {
    const known = BY_CHECK[id];
    const label = known?.label ?? `findings_${id.replace(/-/g, '_')}`;
    return { ...known, label, noun: known?.noun ?? [`${id} finding`, `${id} findings`], counts: (f) => f.id === id };
  });
  const perSeverity = (['critical', 'high', 'warning'] as const).map((severity): MetricDefinition => ({
    ...BY_SEVERITY[severity],
    label: `findings_${severity}`,
    severity,
    noun: [`${severity} finding`, `${severity} findings`],
    counts: (f) => f.severity === severity,
  }));
  return [...perCheck, ...perSeverity];
}

export interface MetricThresholds {
  warning?: Range;
  critical?: Range;
}

/**
 * Thresholds in effect: each metric's defaults, replaced by `overrides` (label → range text; an empty text removes
 * that threshold). Throws an Error for an unknown label or a malformed range.
 */
export function resolveThresholds(metrics: readonly MetricDefinition[], overrides: { warning: ReadonlyMap<string, string>; critical: ReadonlyMap<string, string> }): Map<string, MetricThresholds> {
  const labels = new Set(metrics.map((m) => m.label));
  for (const label of [...overrides.warning.keys(), ...overrides.critical.keys()]) {
    if (!labels.has(label)) throw new Error(`unknown metric ${JSON.stringify(label)} (metrics of the checks run: ${[...labels].join(', ')})`);
  }
  const out = new Map<string, MetricThresholds>();
  for (const m of metrics) {
    const warning = overrides.warning.get(m.label) ?? m.warning;
    const critical = overrides.critical.get(m.label) ?? m.critical;
    const t: MetricThresholds = {};
    if (warning !== undefined && warning !== '') t.warning = parseRange(warning);
    if (critical !== undefined && critical !== '') t.critical = parseRange(critical);
    out.set(m.label, t);
  }
  return out;
}

export interface MetricResult {
  label: string;
  severity?: Severity;
  noun: readonly [string, string];
  value: number;
  thresholds: MetricThresholds;
  state: PluginState;
  /** The findings counted, worst first. */
  findings: Finding[];
}

/** Something that kept the check from seeing everything (a kind it could not read, a check that failed): UNKNOWN at least. */
export interface CoverageProblem {
  message: string;
}

export interface PluginResult {
  state: PluginState;
  metrics: MetricResult[];
  /** Every finding of the checks run: those counted by the most alarming metrics first, then by severity. */
  findings: Finding[];
  problems: CoverageProblem[];
  /** The state the problems contribute (UNKNOWN unless the user chose otherwise). */
  problemState: PluginState;
}

/** A metric's state: CRITICAL when its critical range alerts, else WARNING when its warning range does, else OK (the guidelines' get_status). */
export function metricState(value: number, t: MetricThresholds): PluginState {
  if (t.critical !== undefined && alerts(t.critical, value)) return 'CRITICAL';
  if (t.warning !== undefined && alerts(t.warning, value)) return 'WARNING';
  return 'OK';
}

/**
 * What limits the check: kinds the checks need that the source could not read (RBAC 403, a server that kept
 * failing, a kind the live source tried and did not get), and checks that threw.
 */
export function coverageProblems(model: Model, checks: readonly Check[], findings: readonly Finding[]): CoverageProblem[] {
  const needed = new Set(checks.flatMap((c) => c.needs));
  const out: CoverageProblem[] = [];
  for (const note of model.notes) {
    if ((note.kind === 'forbidden' || note.kind === 'unavailable') && note.resource !== undefined && needed.has(note.resource)) out.push({ message: note.message });
  }
  for (const kind of needed) {
    if (model.kindCoverage(kind) === 'not-read') out.push({ message: `${kind} objects were not read` });
  }
  for (const f of findings) if (f.id === 'internal-error') out.push({ message: f.summary });
  return out;
}

/**
 * Kinds the checks need that a snapshot of unknown coverage simply does not hold: maybe none exist, maybe they were
 * not collected (`kubectl cluster-info dump` has no PersistentVolumes). Not a problem, but the output says so.
 */
export function coverageNotes(model: Model, checks: readonly Check[]): string[] {
  const unknown = [...new Set(checks.flatMap((c) => c.needs))].filter((kind) => model.kindCoverage(kind) === 'unknown').sort();
  return unknown.length === 0 ? [] : [`not in the snapshot, so not checked: ${unknown.join(', ')} (none exist, or they were not collected)`];
}

function compareFindings(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id) || subjectPath(a).localeCompare(subjectPath(b));
}

/** Judges the findings of the checks run against the thresholds. */
export function evaluate(input: {
  metrics: readonly MetricDefinition[];
  thresholds: ReadonlyMap<string, MetricThresholds>;
  findings: readonly Finding[];
  problems: readonly CoverageProblem[];
  /** State of a run with coverage problems (default UNKNOWN). */
  problemState?: PluginState;
}): PluginResult {
  // A check that threw is reported once, as a coverage problem (coverageProblems), not as a finding about the cluster.
  const findings = input.findings.filter((f) => f.id !== 'internal-error').sort(compareFindings);
  const metrics = input.metrics.map((m): MetricResult => {
    const counted = findings.filter((f) => m.counts(f));
    const thresholds = input.thresholds.get(m.label) ?? {};
    const result: MetricResult = { label: m.label, noun: m.noun, value: counted.length, thresholds, state: metricState(counted.length, thresholds), findings: counted };
    if (m.severity !== undefined) result.severity = m.severity;
    return result;
  });
  // Findings that set the state come first in the long text: a stuck pod (CRITICAL through stuck_pods) before a
  // restart storm of higher severity that only warns.
  const stateOf = new Map(findings.map((f) => [f, worstState(metrics.filter((m) => m.findings.includes(f)).map((m) => m.state))]));
  const rank = (f: Finding): number => PRECEDENCE.indexOf(stateOf.get(f) ?? 'OK');
  const ordered = [...findings].sort((a, b) => rank(b) - rank(a) || compareFindings(a, b));
  const problemState = input.problemState ?? 'UNKNOWN';
  const states = metrics.map((m) => m.state);
  if (input.problems.length > 0) states.push(problemState);
  return { state: worstState(states), metrics, findings: ordered, problems: [...input.problems], problemState };
}
