/** Text rendering of a Diagnosis for a tired operator: verdict first, then how, evidence, what was ruled out, what to do. */
import type { Diagnosis, HypothesisReport } from '../diagnose/report.ts';
import type { Evidence } from '../diagnose/types.ts';
import type { Finding } from '../checks/types.ts';
import { describeRef } from '../model/refs.ts';
import { PLAIN, sanitizeDeep, type Style } from './style.ts';

export interface TextOptions {
  style?: Style;
  /** Secondary findings not touching the pod beyond this many are summarised by count. */
  maxUnrelatedFindings?: number;
}

function verdictLabel(h: HypothesisReport, s: Style): string {
  const label = h.verdict.toUpperCase().replace('-', ' ');
  switch (h.verdict) {
    case 'confirmed':
      return s.bold(s.red(label));
    case 'likely':
      return s.bold(s.yellow(label));
    case 'possible':
      return s.yellow(label);
    case 'ruled-out':
      return s.green(label);
  }
}

function evidenceLine(e: Evidence, mark: string, s: Style): string {
  const ref = e.ref !== undefined && e.kind !== 'event' ? s.dim(`  [${describeRef(e.ref)}]`) : '';
  const kind = e.kind === 'inference' ? s.dim('(inference) ') : e.kind === 'gap' ? s.dim('(unknown) ') : '';
  return `  ${mark} ${kind}${e.text}${ref}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((l) => prefix + l)
    .join('\n');
}

function severity(f: Finding, s: Style): string {
  const label = f.severity.toUpperCase().padEnd(8);
  return f.severity === 'critical' ? s.bold(s.red(label)) : f.severity === 'high' ? s.red(label) : f.severity === 'warning' ? s.yellow(label) : label;
}

export function renderText(diagnosis: Diagnosis, options: TextOptions = {}): string {
  const s = options.style ?? PLAIN;
  // Every string in a Diagnosis may come from the cluster: strip terminal control characters once, here.
  const d = sanitizeDeep(diagnosis);
  const out: string[] = [];
  const pod = `${d.pod.namespace}/${d.pod.name}`;
  out.push(`${s.bold(`kubehow diagnose ${pod}`)}  ${s.dim(`(cluster state at ${d.observedAt})`)}`);
  const where = [d.pod.phase, d.pod.waitingReason !== undefined ? `waiting: ${d.pod.waitingReason}` : undefined, d.pod.node !== undefined ? `node ${d.pod.node}` : 'no node', d.pod.owner !== undefined ? describeRef(d.pod.owner) : undefined]
    .filter((x) => x !== undefined)
    .join(' · ');
  out.push(s.dim(where));
  if (d.pod.resolvedFrom !== undefined) out.push(s.dim(`(chosen as the only pod of ${d.pod.resolvedFrom})`));
  out.push('');

  const top = d.hypotheses[0];
  if (top === undefined) {
    for (const step of d.chain) out.push(step.answer);
    return `${out.join('\n')}\n`;
  }
  out.push(`${verdictLabel(top, s)}  ${s.bold(top.id)}  ${top.title}`);
  out.push(indent(top.summary, '  '));
  out.push('');

  out.push(s.bold('How it happened'));
  d.chain.forEach((step, i) => {
    out.push(`  ${i + 1}. ${s.cyan(step.question)}`);
    out.push(indent(step.answer, '     '));
  });
  out.push('');

  out.push(s.bold(`Evidence for ${top.id}`));
  for (const e of top.evidenceFor) out.push(evidenceLine(e, s.green('+'), s));
  if (top.evidenceAgainst.length > 0) {
    out.push(s.bold('Evidence against / limits'));
    for (const e of top.evidenceAgainst) out.push(evidenceLine(e, s.red('-'), s));
  }
  out.push('');

  const others = d.hypotheses.slice(1);
  if (others.length > 0) {
    out.push(s.bold('Other causes weighed'));
    for (const h of others) {
      out.push(`  ${verdictLabel(h, s)}  ${h.id}: ${h.summary}`);
      const shown = h.verdict === 'ruled-out' ? h.evidenceAgainst : h.evidenceFor.slice(1);
      for (const e of shown.slice(0, 4)) out.push(`    ${evidenceLine(e, s.dim('·'), s).trimStart()}`);
      if (shown.length > 4) out.push(s.dim(`      … ${shown.length - 4} more`));
    }
    out.push('');
  }

  if (d.staleEvents.length > 0) {
    out.push(s.bold(`Set aside: ${d.staleEvents.length} stale event(s), not evidence of anything current`));
    for (const st of d.staleEvents) {
      const first = st.event.message.split('\n')[0] ?? '';
      out.push(`  ${s.dim('×')} ${st.event.reason}: ${first.length > 160 ? `${first.slice(0, 159)}…` : first}${st.event.lastSeen !== undefined ? s.dim(` (last ${st.event.lastSeen}${st.event.source.host !== undefined ? `, ${st.event.source.host}` : ''})`) : ''}`);
      out.push(`      ${s.dim('why:')} ${st.why}`);
    }
    out.push('');
  }

  if (d.secondary.length > 0) {
    const max = options.maxUnrelatedFindings ?? 12;
    out.push(s.bold('Also found in the cluster'));
    for (const f of d.secondary.slice(0, max)) out.push(`  ${severity(f, s)} ${f.id}: ${f.summary}`);
    if (d.secondary.length > max) out.push(s.dim(`  … ${d.secondary.length - max} more (use -o json for all)`));
    out.push('');
  }

  if (d.notes.length > 0 || d.missingData.length > 0) {
    out.push(s.bold('Could not check'));
    for (const m of d.missingData) out.push(`  ? ${m.message} ${s.dim(`(needed by ${m.neededBy.join(', ')})`)}`);
    for (const n of d.notes) out.push(`  ? ${n.message}`);
    out.push('');
  }

  if (top.nextSteps.length > 0) {
    out.push(s.bold('Next steps'));
    top.nextSteps.forEach((step, i) => out.push(`  ${i + 1}. ${step}`));
    out.push(`  ${s.dim(`More: ${top.docs}`)}`);
    out.push('');
  }

  return `${out.join('\n').trimEnd()}\n`;
}
