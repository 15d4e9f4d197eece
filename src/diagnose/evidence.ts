/** Builders that turn model facts into Evidence with references and times. */
import type { EventView } from '../model/events.ts';
import type { ObjectRef } from '../model/refs.ts';
import type { ServingPod, Replica } from '../model/datapath/types.ts';
import { ago, formatDuration, formatTime } from '../model/time.ts';
import type { Evidence } from './types.ts';

/** The first meaningful line of a message, trimmed for one-line display. */
export function firstLine(message: string, max = 200): string {
  const line = message.split('\n').find((l) => l.trim() !== '') ?? '';
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The first line of a multi-line message and, when the rest says more, the line that names the cause:
 * mount-utils puts the command's own error on an `Output:` line after `mount failed: exit status 32`,
 * so the first line alone hides it. Otherwise the last non-empty line stands for the rest.
 */
export function headAndCause(message: string, max = Number.POSITIVE_INFINITY): string {
  const lines = message.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const head = firstLine(message, max);
  if (lines.length < 2) return head;
  const cause = lines.find((l) => l.startsWith('Output:')) ?? lines[lines.length - 1] ?? '';
  if (cause === '' || cause === lines[0]) return head;
  return `${head} … ${cause.length > max ? `${cause.slice(0, max - 1)}…` : cause}`;
}

/** Describes who reported an event and how often: `kubelet on k8s03, 12×, last 1m ago`. */
export function eventProvenance(e: EventView, now: number): string {
  const who = e.component !== undefined ? (e.host !== undefined ? `${e.component} on ${e.host}` : e.component) : 'unknown reporter';
  const when = e.last !== undefined ? `, last ${ago(e.last, now)}` : '';
  return `${who}, ${e.count}×${when}`;
}

/** Evidence from an event; `text` defaults to `Reason: first line of the message (provenance)`. */
export function eventEvidence(e: EventView, now: number, text?: string, stale?: { why: string }): Evidence {
  const ev: Evidence = {
    kind: 'event',
    text: text ?? `${e.type} ${e.reason}: ${firstLine(e.message)} (${eventProvenance(e, now)})`,
    ref: e.self,
  };
  if (e.last !== undefined) ev.at = formatTime(e.last);
  if (stale !== undefined) ev.stale = stale;
  return ev;
}

export function objectEvidence(ref: ObjectRef, text: string, at?: number): Evidence {
  const ev: Evidence = { kind: 'object', text, ref };
  if (at !== undefined) ev.at = formatTime(at);
  return ev;
}

export function absenceEvidence(text: string, ref?: ObjectRef): Evidence {
  return ref !== undefined ? { kind: 'absence', text, ref } : { kind: 'absence', text };
}

export function inference(text: string): Evidence {
  return { kind: 'inference', text };
}

export function gap(text: string): Evidence {
  return { kind: 'gap', text };
}

/** `Ready, 0 restarts, running for 6h12m` — what the PIR's operator checked by hand. */
export function describeServingPod(sp: ServingPod | Replica, now: number): string {
  const state = sp.ready ? 'Ready' : `not Ready${sp.phase !== undefined ? ` (${sp.phase})` : ''}`;
  const parts = [state, `${sp.restarts} restart${sp.restarts === 1 ? '' : 's'}`];
  if ('runningSince' in sp && sp.runningSince !== undefined) parts.push(`running for ${formatDuration(now - sp.runningSince)}`);
  if ('crashLooping' in sp && sp.crashLooping) parts.push('in CrashLoopBackOff');
  return parts.join(', ');
}
