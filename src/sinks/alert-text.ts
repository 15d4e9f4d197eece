/**
 * The plain-text pieces every sink shows: the diagnosis (top causes with verdicts, next steps), the page to read
 * first, and how long a resolved alert lasted. Sinks add their own markup and escaping around these.
 */
import type { Alert } from '../watch/alert.ts';
import { describeRef } from '../model/refs.ts';

/** The top hypothesis's page when the diagnosis has one, else the finding's page. */
export function runbookUrl(alert: Alert): string {
  return alert.diagnosis?.hypotheses[0]?.docsUrl ?? alert.docsUrl;
}

/** The diagnosis as plain lines, or none when the alert carries no diagnosis. */
export function diagnosisLines(alert: Alert): string[] {
  const diagnosis = alert.diagnosis;
  if (diagnosis === undefined) return [];
  const lines = [`Diagnosis of ${describeRef(diagnosis.pod)}:`];
  if (diagnosis.hypotheses.length === 0) {
    lines.push('No cause in kubehow\'s catalog matches the evidence read.');
  }
  diagnosis.hypotheses.forEach((h, i) => {
    lines.push(`${i + 1}. [${h.verdict}] ${h.title}: ${h.summary} (${h.docsUrl})`);
  });
  if (diagnosis.nextSteps.length > 0) {
    lines.push('Next steps:');
    for (const step of diagnosis.nextSteps) lines.push(`- ${step}`);
  }
  return lines;
}

/** What could not be read when the alert was built, as plain lines; none when everything was read. */
export function caveatLines(alert: Alert): string[] {
  const caveats = alert.caveats ?? [];
  return caveats.length === 0 ? [] : ['Could not check:', ...caveats.map((c) => `- ${c}`)];
}

/** `2h 5m`, `4m 10s`, `12s`: the lasting of a resolved alert; undefined when a time is missing or unreadable. */
export function durationBetween(startsAt: string, endsAt: string | undefined): string | undefined {
  if (endsAt === undefined) return undefined;
  const ms = Date.parse(endsAt) - Date.parse(startsAt);
  if (Number.isNaN(ms) || ms < 0) return undefined;
  const totalSeconds = Math.round(ms / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  const parts: string[] = [];
  if (days > 0) parts.push(`${days}d`);
  if (hours > 0) parts.push(`${hours}h`);
  if (minutes > 0 && days === 0) parts.push(`${minutes}m`);
  if (seconds > 0 && days === 0 && hours === 0) parts.push(`${seconds}s`);
  return parts.length === 0 ? '0s' : parts.join(' ');
}
