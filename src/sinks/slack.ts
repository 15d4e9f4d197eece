/**
 * Slack-compatible incoming webhooks: Slack, Mattermost and Zulip (`/api/v1/external/slack_incoming`).
 *
 * One payload for all three: a single `text` field. Zulip renders `blocks`/`attachments` instead of `text` when they
 * are present and Mattermost has no Block Kit, so `text` is the one field all three show (zulip/zulip
 * zerver/webhooks/slack_incoming/view.py; Mattermost "Slack compatibility"). They differ in one way that matters:
 * Mattermost reads Markdown, where Slack's `*bold*` is italic, so the flavor picks the bold marker. Links use Slack's
 * `<url|label>`, which Mattermost and Zulip translate.
 *
 * Cluster strings (pod names, event messages) are made inert: `&`, `<`, `>` become entities (Slack's rule; the two
 * Markdown renderers decode them), so `<!channel>` or `<https://evil|docs>` in an object name shows as text; `@` gets
 * an invisible word joiner so `@channel`/`@all` in an event message does not page a channel on Mattermost or Zulip;
 * and on the Markdown flavors `[` `]` are backslash-escaped so `[docs](https://evil)` cannot become a disguised link.
 */
import type { Notification, Sink } from '../watch/alert.ts';
import { describeRef } from '../model/refs.ts';
import { durationBetween, runbookUrl } from './alert-text.ts';
import { postJson } from './http.ts';

export type ChatFlavor = 'slack' | 'mattermost' | 'zulip';
export const CHAT_FLAVORS: readonly ChatFlavor[] = ['slack', 'mattermost', 'zulip'];

/**
 * Characters of `text` we stay under. Slack advises at most 4,000 (it truncates at 40,000), Mattermost's older
 * servers cap posts at 4,000 (16,383 since 5.0) and Zulip at 10,000: 3,500 fits all with room for entity growth.
 */
export const DEFAULT_CHAT_TEXT_LIMIT = 3500;
/** One cluster string (an event message, say) never takes more than this, so one long line cannot hide the rest. */
const FIELD_LIMIT = 400;

export interface SlackSinkOptions {
  name?: string;
  url: string;
  flavor?: ChatFlavor;
  maxChars?: number;
  timeoutMs?: number;
  now?: () => number;
}

export interface ChatPayload {
  text: string;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

export class SlackSink implements Sink {
  readonly name: string;
  /** Incoming webhooks post one message per request: a retry must never re-post an earlier, delivered one. */
  readonly maxBatchSize = 1;
  private readonly options: SlackSinkOptions;

  constructor(options: SlackSinkOptions) {
    this.options = options;
    this.name = options.name ?? (options.flavor ?? 'slack');
  }

  async send(batch: readonly Notification[]): Promise<void> {
    for (const notification of batch) {
      await postJson({
        url: this.options.url,
        body: chatPayload(notification, this.options.flavor ?? 'slack', this.options.maxChars ?? DEFAULT_CHAT_TEXT_LIMIT),
        timeoutMs: this.options.timeoutMs ?? 10_000,
        now: this.options.now ?? Date.now,
      });
    }
  }
}

export function chatPayload(notification: Notification, flavor: ChatFlavor, maxChars: number): ChatPayload {
  const text = chatText(notification, flavor, maxChars);
  return flavor === 'slack' ? { text, unfurl_links: false, unfurl_media: false } : { text };
}

/** The message: a headline, then lines in order of importance, cut from the end when over `maxChars`. */
export function chatText(notification: Notification, flavor: ChatFlavor, maxChars: number): string {
  const alert = notification.alert;
  const t = (s: string): string => inert(clip(s, FIELD_LIMIT), flavor);
  const bold = (s: string): string => (flavor === 'mattermost' ? `**${s}**` : `*${s}*`);
  const where = `${describeRef(alert.subject)}${alert.node !== undefined ? ` on node ${alert.node}` : ''}`;

  if (notification.type === 'resolved') {
    const lasted = durationBetween(alert.startsAt, alert.endsAt);
    const lines = [
      bold(`[RESOLVED] ${t(alert.title)}`),
      t(where),
      lasted !== undefined ? `Lasted ${lasted} (from ${t(alert.startsAt)} to ${t(alert.endsAt ?? '')}).` : `Started ${t(alert.startsAt)}; the end time is not known.`,
      link(alert.docsUrl, `Finding ${alert.id}`),
    ];
    return fit(lines, maxChars);
  }

  const state = notification.type === 'repeat' ? 'STILL FIRING' : 'FIRING';
  const lines = [bold(`[${state}] ${alert.severity}: ${t(alert.title)}`), t(alert.summary), `${bold('Subject')}: ${t(where)}`];
  const diagnosis = alert.diagnosis;
  if (diagnosis !== undefined) {
    lines.push(bold(`Diagnosis of ${t(describeRef(diagnosis.pod))}`));
    if (diagnosis.hypotheses.length === 0) lines.push('No cause in kubehow\'s catalog matches the evidence read.');
    diagnosis.hypotheses.forEach((h, i) => {
      lines.push(`${i + 1}. ${bold(h.verdict)}: ${t(h.title)}: ${t(h.summary)} ${link(h.docsUrl, 'docs')}`);
    });
    if (diagnosis.nextSteps.length > 0) {
      lines.push(bold('Next steps'));
      for (const step of diagnosis.nextSteps) lines.push(`• ${t(step)}`);
    }
  }
  lines.push(`Read first: ${link(runbookUrl(alert), runbookUrl(alert) === alert.docsUrl ? `finding ${alert.id}` : `hypothesis ${diagnosis?.hypotheses[0]?.id ?? ''}`)}`);
  if (alert.evidence.length > 0) {
    lines.push(bold('Evidence'));
    for (const sentence of alert.evidence) lines.push(`• ${t(sentence)}`);
  }
  if ((alert.caveats ?? []).length > 0) {
    lines.push(bold('Could not check'));
    for (const caveat of alert.caveats ?? []) lines.push(`• ${t(caveat)}`);
  }
  return fit(lines, maxChars);
}

/** A cluster string made inert for the flavor (see the file comment). */
export function inert(value: string, flavor: ChatFlavor): string {
  let out = value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/@/g, '@\u2060');
  if (flavor !== 'slack') out = out.replace(/([[\]])/g, '\\$1');
  return out;
}

/** `<url|label>` with the URL's delimiters percent-encoded so a URL cannot end the link early. */
function link(url: string, label: string): string {
  const safeUrl = url.replace(/[|<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  return `<${safeUrl}|${label.replace(/[|<>&]/g, '')}>`;
}

function clip(value: string, max: number): string {
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Whole lines until the limit; then says honestly how many lines were left out. */
function fit(lines: readonly string[], maxChars: number): string {
  const kept: string[] = [];
  let length = 0;
  for (const [i, line] of lines.entries()) {
    const left = lines.length - i;
    const note = `… ${left} more line${left === 1 ? '' : 's'} not shown (message length limit)`;
    const needed = length + (kept.length > 0 ? 1 : 0) + line.length;
    // Every line but the last must leave room for the note that would follow it.
    const roomForNote = i === lines.length - 1 ? 0 : note.length + 1;
    if (needed + roomForNote > maxChars) {
      if (kept.length === 0) return `${line.slice(0, Math.max(0, maxChars - 1))}…`;
      kept.push(note);
      return kept.join('\n');
    }
    kept.push(line);
    length = needed;
  }
  return kept.join('\n');
}
