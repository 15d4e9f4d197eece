/** Renders an Audit document as text, JSON, YAML or Markdown. Cluster strings are sanitized once, up front. */
import { stringify } from 'yaml';
import type { Audit } from '../checks/audit.ts';
import { SEVERITY_ORDER, type Finding, type Severity } from '../checks/types.ts';
import { describeRef } from '../model/refs.ts';
import { escapeMarkdown } from './markdown.ts';
import { COLOR, PLAIN, sanitizeDeep, type Style } from './style.ts';

export const AUDIT_FORMATS = ['text', 'json', 'yaml', 'markdown', 'sarif'] as const;
export type AuditFormat = (typeof AUDIT_FORMATS)[number];

function label(severity: Severity, s: Style): string {
  const text = severity.toUpperCase().padEnd(8);
  return severity === 'critical' || severity === 'high' ? s.red(text) : severity === 'warning' ? s.yellow(text) : s.dim(text);
}

function counts(a: Audit): string {
  return SEVERITY_ORDER.map((sev) => `${a.summary[sev]} ${sev}`).join(', ');
}

function textFinding(f: Finding, s: Style): string[] {
  const lines = [`${label(f.severity, s)} ${s.bold(f.id)}  ${describeRef(f.subject)}${f.node !== undefined ? ` (node ${f.node})` : ''}`, `         ${f.summary}`];
  for (const e of f.evidence.slice(0, 4)) lines.push(s.dim(`         · ${e.text}`));
  if (f.evidence.length > 4) lines.push(s.dim(`         · … ${f.evidence.length - 4} more (use -o json)`));
  return lines;
}

export function renderAuditText(raw: Audit, color = false): string {
  const a = sanitizeDeep(raw);
  const s = color ? COLOR : PLAIN;
  const out = [s.bold(`Audit of the cluster as of ${a.observedAt}: ${a.findings.length} finding(s) (${counts(a)})`), ''];
  for (const f of a.findings) out.push(...textFinding(f, s), '');
  if (a.findings.some((f) => f.id === 'missing-anti-affinity' || f.id === 'colocation-exposure')) {
    out.push('Prevent: `kubehow fix` prints the anti-affinity patch for each exposed workload (YAML, kustomize overlay, kubectl commands).', '');
  }
  if (a.notes.length > 0) {
    out.push(s.bold('Notes'));
    for (const n of a.notes) out.push(s.dim(`  ${n.kind}: ${n.message}`));
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function renderAuditMarkdown(a: Audit): string {
  const out = [`# kubehow audit`, '', `Cluster state as of ${escapeMarkdown(a.observedAt)}: **${a.findings.length}** finding(s) (${counts(a)}).`, ''];
  if (a.findings.length > 0) {
    out.push('| severity | id | subject | node | summary |', '|---|---|---|---|---|');
    for (const f of a.findings) out.push(`| ${f.severity} | \`${f.id}\` | ${escapeMarkdown(describeRef(f.subject))} | ${escapeMarkdown(f.node ?? '')} | ${escapeMarkdown(f.summary)} |`);
    out.push('');
  }
  if (a.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of a.notes) out.push(`- ${escapeMarkdown(n.kind)}: ${escapeMarkdown(n.message)}`);
    out.push('');
  }
  return out.join('\n');
}

/** JSON, YAML, text or Markdown; SARIF needs file locations and is rendered by the manifests audit. */
export function renderAudit(a: Audit, format: Exclude<AuditFormat, 'sarif'>, color = false): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(a, null, 2)}\n`;
    case 'yaml':
      return stringify(a);
    case 'markdown':
      return renderAuditMarkdown(a);
    case 'text':
      return renderAuditText(a, color);
  }
}
