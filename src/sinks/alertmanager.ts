/**
 * Alertmanager API v2 sink: `POST <url>/api/v2/alerts` with an array of postableAlert
 * (`labels`, `annotations`, `startsAt`, `endsAt`, `generatorURL`; prometheus/alertmanager api/v2/openapi.yaml).
 *
 * Alertmanager keeps state by label set, so it behaves like Prometheus's notifier:
 * - a firing alert carries `endsAt` = send time + 4 × the resend interval (Prometheus: `ValidUntil = ts + 4 × max(resend
 *   delay, eval interval)`), so two missed re-sends are tolerated and a kubehow that died stops alerting on its own;
 *   the delivery queue re-sends firing alerts every `resendIntervalMs` to keep them alive;
 * - a resolved alert carries `endsAt` = when kubehow saw the condition end;
 * - with several Alertmanagers (an HA cluster) every one gets every batch, and the batch counts as delivered when at
 *   least one accepted it (Prometheus does the same; the periodic re-send repairs the others).
 */
import { readFile } from 'node:fs/promises';
import { alertName } from '../watch/alert.ts';
import type { Alert, Notification, Sink } from '../watch/alert.ts';
import { diagnosisLines, caveatLines, runbookUrl } from './alert-text.ts';
import { HttpSinkError, postJson } from './http.ts';

/** Alertmanager's `resolve_timeout` defaults to 5 m; re-sending every minute keeps an alert alive with room to spare. */
export const DEFAULT_ALERTMANAGER_RESEND_MS = 60_000;

/** Credentials read from files at every send, so a rotated token is picked up without a restart. */
export type AlertmanagerAuth = { type: 'basic'; username: string; passwordFile: string } | { type: 'bearer'; tokenFile: string };

export interface AlertmanagerSinkOptions {
  name?: string;
  /** Base URLs (`http://alertmanager:9093`, or with a path prefix); `/api/v2/alerts` is appended. */
  urls: readonly string[];
  auth?: AlertmanagerAuth;
  resendIntervalMs?: number;
  timeoutMs?: number;
  now?: () => number;
  log?: (message: string) => void;
  readSecret?: (path: string) => Promise<string>;
}

/** One postableAlert of the v2 API. */
export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

export class AlertmanagerSink implements Sink {
  readonly name: string;
  readonly resendIntervalMs: number;
  private readonly options: AlertmanagerSinkOptions;
  private readonly now: () => number;
  private readonly log: (message: string) => void;

  constructor(options: AlertmanagerSinkOptions) {
    if (options.urls.length === 0) throw new Error('an Alertmanager sink needs at least one URL');
    this.options = options;
    this.name = options.name ?? 'alertmanager';
    this.resendIntervalMs = options.resendIntervalMs ?? DEFAULT_ALERTMANAGER_RESEND_MS;
    this.now = options.now ?? Date.now;
    this.log = options.log ?? (() => undefined);
  }

  async send(batch: readonly Notification[]): Promise<void> {
    const body = postableAlerts(batch, this.now(), this.resendIntervalMs);
    if (body.length === 0) return;
    const headers = await this.authHeaders();
    const outcomes = await Promise.allSettled(
      this.options.urls.map((url) => postJson({ url: alertsEndpoint(url), body, headers, timeoutMs: this.options.timeoutMs ?? 10_000, now: this.now })),
    );
    const failures = outcomes.flatMap((o): unknown[] => (o.status === 'rejected' ? [o.reason] : []));
    if (failures.length === 0) return;
    if (failures.length < outcomes.length) {
      for (const failure of failures) this.log(`${this.name}: one Alertmanager of ${outcomes.length} refused the batch (the next re-send repairs it): ${messageOf(failure)}`);
      return;
    }
    const [only] = failures;
    if (failures.length === 1 && only instanceof HttpSinkError) throw only;
    const retryable = failures.some((f) => !(f instanceof HttpSinkError) || f.retryable);
    const retryAfters = failures.flatMap((f) => (f instanceof HttpSinkError && f.retryAfterMs !== undefined ? [f.retryAfterMs] : []));
    const init: { retryable: boolean; retryAfterMs?: number } = { retryable };
    if (retryAfters.length > 0) init.retryAfterMs = Math.min(...retryAfters);
    throw new HttpSinkError(failures.map(messageOf).join('; '), init);
  }

  private async authHeaders(): Promise<Record<string, string>> {
    const auth = this.options.auth;
    if (auth === undefined) return {};
    const read = this.options.readSecret ?? readSecretFile;
    if (auth.type === 'bearer') return { authorization: `Bearer ${await read(auth.tokenFile)}` };
    const password = await read(auth.passwordFile);
    return { authorization: `Basic ${Buffer.from(`${auth.username}:${password}`).toString('base64')}` };
  }
}

/** The file's content without its trailing newline (Kubernetes Secret volumes and `echo` add one). */
export async function readSecretFile(path: string): Promise<string> {
  try {
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch (error) {
    // Not retryable through backoff alone, but a mounted Secret can appear later: keep it retryable.
    throw new HttpSinkError(`cannot read credentials file ${path}: ${messageOf(error)}`, { retryable: true });
  }
}

/** `<base>/api/v2/alerts`, keeping a path prefix (`http://host/alertmanager`). */
export function alertsEndpoint(base: string): string {
  return `${base.replace(/\/+$/, '')}/api/v2/alerts`;
}

/**
 * The v2 body for a batch. Alertmanager keeps one state per label set, so only the latest notification of each
 * fingerprint in the batch is sent (a firing then resolved pair in one batch would otherwise race in its merge).
 */
export function postableAlerts(batch: readonly Notification[], now: number, resendIntervalMs: number): PostableAlert[] {
  const latest = new Map<string, Notification>();
  for (const n of batch) {
    latest.delete(n.alert.fingerprint);
    latest.set(n.alert.fingerprint, n);
  }
  return [...latest.values()].map((n) => postableAlert(n, now, resendIntervalMs));
}

export function postableAlert(notification: Notification, now: number, resendIntervalMs: number): PostableAlert {
  const alert = notification.alert;
  const endsAt = notification.type === 'resolved' ? (alert.endsAt ?? notification.at) : new Date(now + 4 * resendIntervalMs).toISOString();
  return { labels: alertLabels(alert), annotations: alertAnnotations(alert), startsAt: alert.startsAt, endsAt };
}

/** The engine's labels, with `alertname` guaranteed and names made valid for Alertmanager (`[a-zA-Z_][a-zA-Z0-9_]*`). */
export function alertLabels(alert: Alert): Record<string, string> {
  const labels: Record<string, string> = { alertname: alertName(alert.id) };
  for (const [name, value] of Object.entries(alert.labels)) {
    if (value === '') continue;
    const valid = name.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');
    labels[valid] = value;
  }
  return labels;
}

export function alertAnnotations(alert: Alert): Record<string, string> {
  const description = [alert.summary, ...diagnosisLines(alert), ...caveatLines(alert)].join('\n');
  const annotations: Record<string, string> = {
    title: alert.title,
    summary: alert.summary,
    description,
    runbook_url: runbookUrl(alert),
    finding_url: alert.docsUrl,
  };
  if (alert.evidence.length > 0) annotations.evidence = alert.evidence.join('\n');
  if (alert.diagnosis?.hypotheses[0] !== undefined) annotations.top_hypothesis = alert.diagnosis.hypotheses[0].id;
  return annotations;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
