/**
 * Monitoring Plugins output (Development Guidelines, "Plugin Output for Nagios" and "Performance data"):
 *   KUBEHOW CRITICAL: short text | 'label'=value[UOM];[warn];[crit];[min];[max] ...
 *   long text, one line per finding (Nagios 3+ and Icinga show it in the detail view)
 * All performance data stays on the first line: it survives truncation of the long text (NRPE 2 answers at most
 * 1 KiB) and Nagios parses it there. Pure.
 */
import type { Finding } from '../checks/types.ts';
import type { MetricResult, PluginResult, PluginState } from '../check/plugin-status.ts';

export const SERVICE_NAME = 'KUBEHOW';
/** Text of the status line is cut here (the guidelines ask for short output; a pager shows the first line only). */
export const STATUS_TEXT_MAX = 200;

export interface PluginRenderOptions {
  /** -v count: 0 the worst problems named; 1 every problem named on the first line; 2 adds the run's configuration; 3 adds each finding's evidence. */
  verbosity: number;
  /** Lines of long text after the first line, the "… more" line included; 0 prints the first line only. */
  maxLines: number;
  /** Whole output at most this many bytes (UTF-8, newlines included), by dropping long-text lines; the first line is always whole. */
  maxBytes?: number;
  /** Names a finding in a few words (check/headline.ts). */
  headline: (f: Finding) => string;
  /** What was looked at, for the OK line ("48 pods on 4 nodes"). */
  scope: string;
  /** Lines describing the run (source, checks, thresholds), printed from -vv. */
  configuration: readonly string[];
  /** What limits the run without making it UNKNOWN (kinds a snapshot does not hold), printed after the findings. */
  notes?: readonly string[];
}

/** A label as the guidelines want it: quoted when it holds a space; `=` and `'` are not allowed in labels. */
export function perfLabel(label: string): string {
  if (label === '' || /[=']/.test(label)) throw new Error(`performance data label ${JSON.stringify(label)}: must be non-empty without = or '`);
  return /\s/.test(label) ? `'${label}'` : label;
}

/** `stuck_pods=1;;0;0`: value, warning and critical ranges, min 0 (counts), no max; trailing empty fields dropped. */
export function perfDatum(m: MetricResult): string {
  const fields = [String(m.value), m.thresholds.warning?.text ?? '', m.thresholds.critical?.text ?? '', '0'];
  return `${perfLabel(m.label)}=${fields.join(';').replace(/;+$/, '')}`;
}

/** Plugin text must be one line and must not open performance data early. */
export function pluginText(s: string): string {
  return s.replace(/\s*[\r\n]+\s*/g, ' ').replace(/\|/g, '/');
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

function count(m: MetricResult): string {
  return `${m.value} ${m.noun[m.value === 1 ? 0 : 1]}`;
}

function named(m: MetricResult, headline: (f: Finding) => string): string {
  const first = m.findings[0];
  if (first === undefined) return count(m);
  const more = m.value > 1 ? ` and ${m.value - 1} more` : '';
  // Severity metrics span checks: they name the check of each finding, or its subject when there is one.
  if (m.severity !== undefined) {
    const ids = [...new Set(m.findings.map((f) => f.id))];
    return ids.length === 1 ? `${count(m)}: ${first.id} ${headline(first)}${more}` : `${count(m)} (${ids.join(', ')})`;
  }
  return `${count(m)}: ${headline(first)}${more}`;
}

const ORDER: readonly PluginState[] = ['CRITICAL', 'WARNING', 'UNKNOWN', 'OK'];

function statusText(result: PluginResult, options: PluginRenderOptions): string {
  const alerting = result.metrics.filter((m) => m.state !== 'OK').sort((a, b) => ORDER.indexOf(a.state) - ORDER.indexOf(b.state));
  const parts = alerting.map((m) => (m.state === result.state || options.verbosity >= 1 ? named(m, options.headline) : count(m)));
  const [firstProblem] = result.problems;
  if (firstProblem !== undefined) {
    parts.push(`could not check everything: ${firstProblem.message}${result.problems.length > 1 ? ` (and ${result.problems.length - 1} more)` : ''}`);
  }
  if (alerting.length === 0 && result.problems.length === 0) {
    const below = result.findings.length;
    parts.push(below === 0 ? `no problem found in ${options.scope}` : `${below} finding${below === 1 ? '' : 's'} below the thresholds in ${options.scope}`);
  }
  return parts.join('; ');
}

function longText(result: PluginResult, options: PluginRenderOptions): string[] {
  const lines: string[] = [];
  for (const p of result.problems) lines.push(`${result.problemState} could not check: ${p.message}`);
  for (const f of result.findings) {
    lines.push(`${f.severity.toUpperCase()} ${f.id}: ${f.summary}`);
    if (options.verbosity >= 3) for (const e of f.evidence) lines.push(`  - ${e.text}`);
  }
  for (const n of options.notes ?? []) lines.push(`note: ${n}`);
  if (options.verbosity >= 2) lines.push(...options.configuration);
  return lines.map(pluginText);
}

function bytes(s: string): number {
  return new TextEncoder().encode(s).length;
}

/** The first `keep` lines, and a line saying how many were left out when that is any. */
function withMore(lines: readonly string[], keep: number): string[] {
  if (keep >= lines.length) return [...lines];
  return [...lines.slice(0, keep), `… ${String(lines.length - keep)} more lines (raise --max-lines, or run kubehow audit)`];
}

/** The plugin's whole stdout, ending with a newline. */
export function renderPluginOutput(result: PluginResult, options: PluginRenderOptions): string {
  const text = cut(pluginText(statusText(result, options)), STATUS_TEXT_MAX);
  const first = `${SERVICE_NAME} ${result.state}: ${text} | ${result.metrics.map(perfDatum).join(' ')}`;
  const lines = longText(result, options);
  const max = Math.max(0, Math.floor(options.maxLines));
  if (max === 0) return `${first}\n`;
  const render = (keep: number): string => [first, ...withMore(lines, keep)].join('\n') + '\n';
  // The "… more" line counts against --max-lines.
  let keep = lines.length <= max ? lines.length : max - 1;
  // --max-bytes drops whole lines from the end, so a transport limit (NRPE 2's 1 KiB) never cuts a line in half.
  if (options.maxBytes !== undefined) {
    while (keep > 0 && bytes(render(keep)) > options.maxBytes) keep -= 1;
    if (bytes(render(keep)) > options.maxBytes) return `${first}\n`;
  }
  return render(keep);
}

/** The output of a run that could not judge the cluster (bad flags, unreachable API, time-out): UNKNOWN, one line. */
export function renderUnknown(message: string): string {
  return `${SERVICE_NAME} UNKNOWN: ${cut(pluginText(message), 400)}\n`;
}
