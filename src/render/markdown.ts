/** Markdown rendering of a Diagnosis, for tickets and post-incident reviews. */
import type { Diagnosis } from '../diagnose/report.ts';
import type { Evidence } from '../diagnose/types.ts';
import { describeRef } from '../model/refs.ts';
import { sanitize } from './style.ts';

/**
 * Escapes text for inline Markdown: cluster-supplied strings must not inject links, images, HTML, emphasis,
 * code spans or table cells. Text is always inline (newlines folded), so line-start syntax (#, +, -) cannot trigger.
 */
export function escapeMarkdown(s: string): string {
  return sanitize(s).replace(/([\\`*_[\]<>|])/g, '\\$1').replace(/\n/g, ' ');
}

function ev(e: Evidence): string {
  const ref = e.ref !== undefined ? ` — _${escapeMarkdown(describeRef(e.ref))}_` : '';
  const at = e.at !== undefined ? ` (${e.at})` : '';
  return `- ${e.kind === 'inference' ? '_(inference)_ ' : e.kind === 'gap' ? '_(unknown)_ ' : ''}${escapeMarkdown(e.text)}${at}${ref}`;
}

export function renderMarkdown(d: Diagnosis): string {
  const out: string[] = [];
  out.push(`# Diagnosis: ${escapeMarkdown(`${d.pod.namespace}/${d.pod.name}`)}`, '');
  out.push(`Cluster state at ${d.observedAt}. Pod ${escapeMarkdown(d.pod.phase ?? '?')}${d.pod.waitingReason !== undefined ? `, waiting in ${escapeMarkdown(d.pod.waitingReason)}` : ''} on node ${escapeMarkdown(d.pod.node ?? 'none')}${d.pod.owner !== undefined ? `, owned by ${escapeMarkdown(describeRef(d.pod.owner))}` : ''}.`, '');
  const top = d.hypotheses[0];
  if (top !== undefined) {
    out.push(`**${top.verdict.toUpperCase()}: \`${top.id}\`** — ${escapeMarkdown(top.summary)}`, '');
  }
  out.push('## How it happened', '');
  d.chain.forEach((step, i) => out.push(`${i + 1}. **${escapeMarkdown(step.question)}** ${escapeMarkdown(step.answer)}`));
  out.push('');
  if (top !== undefined) {
    out.push(`## Evidence for \`${top.id}\``, '', ...top.evidenceFor.map(ev), '');
    if (top.evidenceAgainst.length > 0) out.push('### Evidence against and limits', '', ...top.evidenceAgainst.map(ev), '');
    if (top.nextSteps.length > 0) out.push('## Next steps', '', ...top.nextSteps.map((s, i) => `${i + 1}. ${escapeMarkdown(s)}`), '');
  }
  if (d.hypotheses.length > 1) {
    out.push('## Causes weighed', '', '| hypothesis | verdict | summary |', '|---|---|---|');
    for (const h of d.hypotheses) out.push(`| \`${h.id}\` | ${h.verdict} | ${escapeMarkdown(h.summary)} |`);
    out.push('');
  }
  if (d.staleEvents.length > 0) {
    out.push('## Stale events set aside', '');
    for (const st of d.staleEvents) out.push(`- **${escapeMarkdown(st.event.reason)}** ${escapeMarkdown(st.event.message.split('\n')[0] ?? '')} — ${escapeMarkdown(st.why)}`);
    out.push('');
  }
  if (d.secondary.length > 0) {
    out.push('## Also found in the cluster', '', '| severity | finding | summary |', '|---|---|---|');
    for (const f of d.secondary) out.push(`| ${f.severity} | \`${f.id}\` | ${escapeMarkdown(f.summary)} |`);
    out.push('');
  }
  if (d.notes.length > 0 || d.missingData.length > 0) {
    out.push(
      '## Could not check',
      '',
      ...d.missingData.map((m) => `- ${escapeMarkdown(m.message)} (needed by ${m.neededBy.map((id) => `\`${id}\``).join(', ')})`),
      ...d.notes.map((n) => `- ${escapeMarkdown(n.message)}`),
      '',
    );
  }
  return `${out.join('\n').trimEnd()}\n`;
}
