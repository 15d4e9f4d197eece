/**
 * The `kubehow audit` document (kubehow/v1alpha1 Audit): every finding of every check over one model,
 * filtered by namespace, minimum severity and ignore rules, plus what limits its reach. Pure.
 */
import type { Model } from '../model/model.ts';
import type { Finding, FindingId, Severity } from './types.ts';
import { FINDING_IDS, SEVERITY_ORDER } from './types.ts';
import { runChecks } from './run.ts';

export const AUDIT_API_VERSION = 'kubehow/v1alpha1';

export interface Audit {
  apiVersion: typeof AUDIT_API_VERSION;
  kind: 'Audit';
  observedAt: string;
  /** Findings per severity, after filtering. */
  summary: Record<Severity, number>;
  /** Sorted by severity (critical first), then id, then subject. */
  findings: Finding[];
  /** What limits the audit: source notes, filters applied, findings ignored. */
  notes: { kind: string; message: string }[];
}

/** `--ignore id=ns/name-glob`: findings with this id whose subject's `namespace/name` matches the glob are dropped. */
export interface IgnoreRule {
  id: FindingId | '*';
  pattern: string;
}

export interface AuditOptions {
  namespaces?: readonly string[];
  /** Drop findings below this severity. */
  minSeverity?: Severity;
  ignore?: readonly IgnoreRule[];
}

/** Parses `id=ns/name-glob` (`*` and `?` wildcards; the id may be `*`); throws a message for anything else. */
export function parseIgnoreRule(raw: string): IgnoreRule {
  const m = /^([a-z*][a-z-]*)=(.+)$/.exec(raw);
  const id = m?.[1];
  const pattern = m?.[2];
  if (id === undefined || pattern === undefined) throw new Error(`--ignore ${JSON.stringify(raw)}: expected id=namespace/name-glob, e.g. missing-anti-affinity=media/tautulli or restart-storm=kube-system/*`);
  if (id !== '*' && !(FINDING_IDS as readonly string[]).includes(id)) throw new Error(`--ignore ${JSON.stringify(raw)}: unknown finding id ${JSON.stringify(id)} (known: ${FINDING_IDS.join(', ')})`);
  return { id: id as FindingId | '*', pattern };
}

/** `*` and `?` wildcards, anchored; everything else literal. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`);
}

/** `namespace/name`, or just `name` for cluster-scoped subjects (nodes, PVs). */
export function subjectPath(f: Finding): string {
  return f.subject.namespace !== undefined ? `${f.subject.namespace}/${f.subject.name}` : f.subject.name;
}

/** Whether a finding is at or above a severity. */
export function atLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_ORDER.indexOf(severity) <= SEVERITY_ORDER.indexOf(threshold);
}

function inNamespaces(f: Finding, namespaces: ReadonlySet<string>): boolean {
  // Namespaced subjects count by their own namespace; cluster-scoped ones (nodes, PVs) when something related is in scope.
  if (f.subject.namespace !== undefined) return namespaces.has(f.subject.namespace);
  return f.related.some((r) => r.namespace !== undefined && namespaces.has(r.namespace));
}

function compare(a: Finding, b: Finding): number {
  return SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.id.localeCompare(b.id) || subjectPath(a).localeCompare(subjectPath(b)) || (a.node ?? '').localeCompare(b.node ?? '');
}

/** Filters and sorts findings into an Audit document. */
export function auditFindings(model: Model, findings: readonly Finding[], options: AuditOptions = {}): Audit {
  const notes: Audit['notes'] = model.notes.map((n) => ({ kind: n.kind, message: n.message }));
  const namespaces = options.namespaces !== undefined && options.namespaces.length > 0 ? new Set(options.namespaces) : undefined;
  const rules = (options.ignore ?? []).map((r) => ({ rule: r, re: globToRegExp(r.pattern), hits: 0 }));
  const kept = findings.filter((f) => {
    if (namespaces !== undefined && !inNamespaces(f, namespaces)) return false;
    if (options.minSeverity !== undefined && !atLeast(f.severity, options.minSeverity)) return false;
    const rule = rules.find((r) => (r.rule.id === '*' || r.rule.id === f.id) && r.re.test(subjectPath(f)));
    if (rule !== undefined) {
      rule.hits += 1;
      return false;
    }
    return true;
  });
  if (namespaces !== undefined) notes.push({ kind: 'filter', message: `only namespaces ${[...namespaces].join(', ')}` });
  if (options.minSeverity !== undefined) notes.push({ kind: 'filter', message: `only severity ${options.minSeverity} and above` });
  for (const r of rules) notes.push({ kind: 'ignored', message: `--ignore ${r.rule.id}=${r.rule.pattern} dropped ${r.hits} finding(s)` });
  const summary: Record<Severity, number> = { critical: 0, high: 0, warning: 0, info: 0 };
  for (const f of kept) summary[f.severity] += 1;
  return { apiVersion: AUDIT_API_VERSION, kind: 'Audit', observedAt: model.observedAt, summary, findings: [...kept].sort(compare), notes };
}

/** Runs every check over the model and builds the Audit document. */
export function audit(model: Model, options: AuditOptions = {}): Audit {
  return auditFindings(model, runChecks(model), options);
}

/** Exit-code predicate for `--fail-on`: any finding at or above the threshold. */
export function failsOn(a: Audit, threshold: Severity | undefined): boolean {
  return threshold !== undefined && a.findings.some((f) => atLeast(f.severity, threshold));
}
