/**
 * One JSON POST with a timeout, and the mapping of its outcome to retryable / not retryable, shared by the HTTP
 * sinks. Webhook URLs are secrets (Slack's carries its token in the path), so nothing here ever puts a full URL in
 * an error message: only `scheme://host/…`.
 */
import { SinkError } from '../watch/alert.ts';

/** A failed HTTP delivery: the status when there was an answer, and how long the receiver asked us to wait. */
export class HttpSinkError extends SinkError {
  readonly status: number | undefined;
  /** From `Retry-After` on a 429 or 503; the queue waits this long instead of its own backoff. */
  readonly retryAfterMs: number | undefined;
  constructor(message: string, options: { retryable: boolean; status?: number; retryAfterMs?: number }) {
    super(message, options.retryable);
    this.name = 'HttpSinkError';
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export interface PostJsonOptions {
  url: string;
  body: unknown;
  headers?: Readonly<Record<string, string>>;
  timeoutMs: number;
  /** Clock for an HTTP-date `Retry-After`. */
  now: () => number;
}

/** `https://hooks.slack.com/…`: enough to tell receivers apart in logs, never the token-bearing path. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}/…`;
  } catch {
    return '<unparseable URL>';
  }
}

/**
 * POSTs `body` as JSON. Resolves on 2xx; throws HttpSinkError otherwise: retryable for network errors, timeouts,
 * 408, 429 and 5xx, not retryable for other statuses (the receiver will refuse the same payload again).
 * Redirects are not followed: a webhook that redirects is misconfigured, and following would replay the body elsewhere.
 */
export async function postJson(options: PostJsonOptions): Promise<void> {
  const where = redactUrl(options.url);
  let response: Response;
  try {
    response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...options.headers },
      body: JSON.stringify(options.body),
      redirect: 'manual',
      signal: AbortSignal.timeout(options.timeoutMs),
    });
  } catch (error) {
    throw new HttpSinkError(`POST ${where} failed: ${networkReason(error, options.timeoutMs)}`, { retryable: true });
  }
  if (response.status >= 200 && response.status < 300) {
    await response.body?.cancel();
    return;
  }
  const detail = await responseExcerpt(response);
  const retryable = response.status === 408 || response.status === 429 || response.status >= 500;
  const retryAfterMs = response.status === 429 || response.status === 503 ? parseRetryAfter(response.headers.get('retry-after'), options.now()) : undefined;
  const init: { retryable: boolean; status: number; retryAfterMs?: number } = { retryable, status: response.status };
  if (retryAfterMs !== undefined) init.retryAfterMs = retryAfterMs;
  throw new HttpSinkError(`POST ${where} answered ${response.status}${detail === '' ? '' : `: ${detail}`}`, init);
}

/** `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3), in milliseconds from now; undefined if absent or malformed. */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

function networkReason(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  // undici reports "fetch failed" and puts the system error (ECONNREFUSED…) in `cause`; its message names only host:port.
  if (error instanceof Error) {
    const cause: unknown = error.cause;
    if (cause instanceof Error) {
      const code = (cause as NodeJS.ErrnoException).code;
      return code !== undefined ? `${error.message} (${code})` : `${error.message} (${cause.message})`;
    }
    return error.message;
  }
  return String(error);
}

/** The start of the answer's body: receivers say why they refused (Alertmanager names the invalid field). */
async function responseExcerpt(response: Response): Promise<string> {
  try {
    const text = (await response.text()).replace(/\s+/g, ' ').trim();
    return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  } catch {
    return '';
  }
}
