/**
 * `kubehow check`: a Nagios / NRPE service check. Reads the cluster like `audit`, runs the detectors, and answers
 * in the Monitoring Plugins format with their exit codes (0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN). Unlike every
 * other command, anything that keeps it from judging the cluster (bad flags, unreachable or refusing API server,
 * time-out) is UNKNOWN, exit 3, with the reason on stdout: Nagios reads stdout and the exit code only.
 */
import { buildModel, type Model } from '../../model/model.ts';
import { auditFindings } from '../../checks/audit.ts';
import { runChecks } from '../../checks/run.ts';
import { CHECKS } from '../../checks/registry.ts';
import { FINDING_IDS, type Check, type FindingId } from '../../checks/types.ts';
import {
  DEFAULT_CHECK_IDS,
  PLUGIN_EXIT_CODE,
  PLUGIN_STATES,
  coverageNotes,
  coverageProblems,
  evaluate,
  metricsFor,
  resolveThresholds,
  type MetricThresholds,
  type PluginState,
} from '../../check/plugin-status.ts';
import { findingHeadline } from '../../check/headline.ts';
import { SERVICE_NAME, pluginText, renderPluginOutput } from '../../render/nagios.ts';
import { UsageError } from '../../errors.ts';
import type { ClusterState } from '../../sources/types.ts';
import { loadState, type LoadStateOptions, type SourceFlags } from '../source-options.ts';
import { auditOptionsOf } from './audit.ts';
import type { CommandResult } from './diagnose.ts';

export const DEFAULT_TIMEOUT_SECONDS = 10;
export const DEFAULT_MAX_LINES = 20;
export const DEFAULT_METRIC = 'stuck_pods';

export interface CheckCommandOptions extends SourceFlags {
  namespace?: readonly string[];
  ignore?: readonly string[];
  /** `--checks id,id` (repeatable). */
  checks?: readonly string[];
  /** `-w` / `-c`: ranges for `metric`. */
  warning?: string;
  critical?: string;
  metric?: string;
  /** `--warningx label=range`, `--criticalx label=range` (repeatable; an empty range removes the default). */
  warningx?: readonly string[];
  criticalx?: readonly string[];
  /** `-t seconds[:state]`. */
  timeout?: string;
  maxLines?: string;
  maxBytes?: string;
  /** State of a run that could not read everything the checks need (default UNKNOWN). */
  unreadable?: string;
  verbosity: number;
  live?: LoadStateOptions;
}

/** A whole plugin answer: one status line (and long text), and its exit code. */
function answer(state: PluginState, message: string): CommandResult {
  return { stdout: `${SERVICE_NAME} ${state}: ${pluginText(message).slice(0, 400)}\n`, exitCode: PLUGIN_EXIT_CODE[state] };
}

/** The message of an error for the UNKNOWN line. */
function messageOf(err: unknown): string {
  if (err instanceof Error) return err.name === 'UsageError' || err.name === 'InputError' || err.name === 'ClusterAccessError' ? err.message : `internal error: ${err.message}`;
  return `internal error: ${String(err)}`;
}

/** `ok`, `Warning`, `2`… → a plugin state (the guidelines' timeout-state syntax accepts names and numbers). */
export function parseState(flag: string, text: string): PluginState {
  const upper = text.toUpperCase();
  const byNumber = /^[0-3]$/.test(text) ? PLUGIN_STATES.find((s) => String(PLUGIN_EXIT_CODE[s]) === text) : undefined;
  const state = byNumber ?? PLUGIN_STATES.find((s) => s === upper);
  if (state === undefined) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected ok, warning, critical, unknown (or 0-3)`);
  return state;
}

/** `-t 10` or `-t 10:critical`: seconds, and the state to answer when they run out (default UNKNOWN). */
export function parseTimeout(text: string | undefined): { ms: number; seconds: number; state: PluginState } {
  if (text === undefined) return { ms: DEFAULT_TIMEOUT_SECONDS * 1000, seconds: DEFAULT_TIMEOUT_SECONDS, state: 'UNKNOWN' };
  const m = /^(\d+(?:\.\d+)?)(?::(.+))?$/.exec(text);
  const seconds = Number(m?.[1]);
  if (m === null || !(seconds > 0)) throw new UsageError(`-t ${JSON.stringify(text)}: expected seconds above 0, optionally followed by :state (e.g. 10 or 10:critical)`);
  return { ms: seconds * 1000, seconds, state: m[2] !== undefined ? parseState('-t', m[2]) : 'UNKNOWN' };
}

function parseCount(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text)) throw new UsageError(`${flag} ${JSON.stringify(text)}: expected a whole number`);
  return Number(text);
}

/** `--checks stuck-pod,restart-storm` → the registered checks, in the order asked. */
export function selectChecks(raw: readonly string[] | undefined): Check[] {
  const ids = (raw ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  const wanted: readonly string[] = ids.length > 0 ? ids : DEFAULT_CHECK_IDS;
  return wanted.map((id) => {
    const check = CHECKS.find((c) => c.id === id);
    if (check === undefined) throw new UsageError(`--checks: unknown check ${JSON.stringify(id)} (known: ${CHECKS.map((c) => c.id).join(', ')})`);
    return check;
  });
}

function labelled(flag: string, values: readonly string[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const raw of values ?? []) {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new UsageError(`${flag} ${JSON.stringify(raw)}: expected metric=range, e.g. restart_storms=5 (an empty range removes the default)`);
    out.set(raw.slice(0, eq), raw.slice(eq + 1));
  }
  return out;
}

interface Plan {
  checks: Check[];
  metrics: ReturnType<typeof metricsFor>;
  thresholds: Map<string, MetricThresholds>;
  maxLines: number;
  maxBytes: number | undefined;
  unreadable: PluginState;
}

/** Every flag checked before the cluster is read: a typo answers UNKNOWN at once, not after a 10 s read. */
function planOf(o: CheckCommandOptions): Plan {
  const checks = selectChecks(o.checks);
  const metrics = metricsFor(checks.map((c) => c.id));
  const warning = labelled('--warningx', o.warningx);
  const critical = labelled('--criticalx', o.criticalx);
  const metric = o.metric ?? DEFAULT_METRIC;
  if (o.metric !== undefined && o.warning === undefined && o.critical === undefined) throw new UsageError('--metric chooses what -w and -c apply to: give -w or -c with it');
  if (o.warning !== undefined) warning.set(metric, o.warning);
  if (o.critical !== undefined) critical.set(metric, o.critical);
  let thresholds: Map<string, MetricThresholds>;
  try {
    thresholds = resolveThresholds(metrics, { warning, critical });
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  return {
    checks,
    metrics,
    thresholds,
    maxLines: parseCount('--max-lines', o.maxLines, DEFAULT_MAX_LINES),
    maxBytes: o.maxBytes !== undefined ? parseCount('--max-bytes', o.maxBytes, 0) : undefined,
    unreadable: o.unreadable !== undefined ? parseState('--unreadable', o.unreadable) : 'UNKNOWN',
  };
}

function sourceOf(state: ClusterState): string {
  return state.origin.type === 'live' ? `context ${state.origin.context} (${state.origin.server})` : `snapshot ${state.origin.paths.join(', ')}`;
}

function scopeOf(model: Model): string {
  const pods = model.pods.length;
  const nodes = model.nodes.length;
  return `${pods} pod${pods === 1 ? '' : 's'} on ${nodes} node${nodes === 1 ? '' : 's'}`;
}

async function judge(plan: Plan, o: CheckCommandOptions, timeoutMs: number): Promise<CommandResult> {
  const filters = auditOptionsOf(o);
  const state = await loadState(o, { scope: 'cluster', ...(filters.namespaces !== undefined ? { namespaces: filters.namespaces } : {}) }, { ...o.live, timeoutMs: Math.min(o.live?.timeoutMs ?? timeoutMs, timeoutMs) });
  const model = buildModel(state);
  const findings = auditFindings(model, runChecks(model, plan.checks), filters).findings;
  const result = evaluate({ metrics: plan.metrics, thresholds: plan.thresholds, findings, problems: coverageProblems(model, plan.checks, findings), problemState: plan.unreadable });
  const configuration = [
    `source: ${sourceOf(state)}, as of ${state.observedAt}`,
    `checks: ${plan.checks.map((c) => c.id).join(', ')}`,
    ...result.metrics.map((m) => `threshold ${m.label}: warning ${m.thresholds.warning?.text ?? '(none)'}, critical ${m.thresholds.critical?.text ?? '(none)'}`),
  ];
  const stdout = renderPluginOutput(result, { verbosity: o.verbosity, maxLines: plan.maxLines, ...(plan.maxBytes !== undefined ? { maxBytes: plan.maxBytes } : {}), headline: (f) => findingHeadline(model, f), scope: scopeOf(model), configuration, notes: coverageNotes(model, plan.checks) });
  return { stdout, exitCode: PLUGIN_EXIT_CODE[result.state] };
}

/** Runs the check; never throws: every failure is a plugin answer (UNKNOWN unless `-t …:state` says otherwise for a time-out). */
export async function runCheck(o: CheckCommandOptions): Promise<CommandResult> {
  try {
    const plan = planOf(o);
    const timeout = parseTimeout(o.timeout);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<CommandResult>((resolve) => {
      timer = setTimeout(() => {
        resolve(answer(timeout.state, `no answer within the ${String(timeout.seconds)} s timeout (-t): the cluster was not judged`));
      }, timeout.ms);
    });
    try {
      return await Promise.race([judge(plan, o, timeout.ms), expired]);
    } finally {
      clearTimeout(timer);
    }
  } catch (err) {
    return answer('UNKNOWN', messageOf(err));
  }
}

/** Finding ids, for `--help`. */
export const KNOWN_CHECK_IDS: readonly FindingId[] = FINDING_IDS.filter((id) => id !== 'internal-error');

/**
 * Ends a `check` run from inside commander (a usage error, `--help`) with a plugin answer instead of kubehow's
 * usual exit 2: the guidelines make both UNKNOWN (3).
 */
export class PluginExit extends Error {
  readonly result: CommandResult;
  constructor(result: CommandResult) {
    super(result.stdout);
    this.name = 'PluginExit';
    this.result = result;
  }
}

/** commander's exit for the `check` subcommand: help → UNKNOWN with nothing more on stdout than the help; errors → an UNKNOWN line. */
export function pluginExitOf(err: { code: string; message: string }): PluginExit {
  if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help') return new PluginExit({ stdout: '', exitCode: PLUGIN_EXIT_CODE.UNKNOWN });
  return new PluginExit(answer('UNKNOWN', `${err.message.replace(/^error:\s*/, '')} (usage: kubehow check --help)`));
}
