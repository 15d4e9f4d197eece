/**
 * The one door to the Kubernetes API: read-only GETs through @kubernetes/client-node's authenticated
 * HTTP stack (kubeconfig auth, TLS, proxies), with retries that honour `Retry-After`, per-request
 * timeouts, paging, and typed outcomes. 401 and an unreachable server end the run (exit 3) naming the
 * context and server; 403 and 404 are outcomes the callers turn into notes.
 */
import { HttpMethod, IsomorphicFetchHttpLibrary, RequestContext, type KubeConfig } from '@kubernetes/client-node';
import { ClusterAccessError } from '../../errors.ts';
import { resourcePath, type ResourceType } from './resources.ts';
import { isRecord } from '../../kube/read.ts';

/** Options of {@link KubeApi}. */
export interface KubeApiOptions {
  kubeConfig: KubeConfig;
  /** The kubeconfig context in use, named in every fatal error. */
  context: string;
  /** Per-request timeout (default 30 s); a timed-out request is retried like a 503. */
  timeoutMs?: number;
  /** Attempts per request for 429, 5xx, timeouts and connection errors (default 5). */
  maxAttempts?: number;
  /** Longest wait honoured from a `Retry-After` header or backoff (default 30 s). */
  maxDelayMs?: number;
  /** Injected for tests; defaults to a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Called with every request made, for progress and request counting. */
  onRequest?: (info: { path: string; query: Readonly<Record<string, string>> }) => void;
}

/**
 * The API server did not answer (timeouts, refused or reset connections, after retries): fatal for a
 * one-shot read (exit 3), but a long-running watch that has already synced waits and retries instead.
 */
export class ServerUnreachable extends ClusterAccessError {}

/** A non-success answer that is not fatal: the caller decides what it means. */
export interface ApiRefusal {
  status: number;
  /** `Forbidden`, `NotFound`, `BadRequest`, `Expired`, `InternalError` ... from the Status object when there is one. */
  reason: string;
  message: string;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; refusal: ApiRefusal };

/** One page of a list. */
export interface ListPage {
  items: Record<string, unknown>[];
  resourceVersion?: string;
  continueToken?: string;
}

/** Query of a list request. */
export interface ListQuery {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size (default 500, kubectl's). */
  limit?: number;
}

/** One event of a watch stream. */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: Record<string, unknown>;
}

/** Why a watch ended: the server closed it (re-watch from `resourceVersion`), 410 Gone (re-list), stopped, or failed. */
export type WatchEnd =
  | { reason: 'closed' | 'stopped'; resourceVersion: string | undefined }
  | { reason: 'gone'; resourceVersion: string | undefined; message: string }
  | { reason: 'refused'; refusal: ApiRefusal }
  | { reason: 'error'; message: string; resourceVersion: string | undefined };

/** A running watch. */
export interface WatchHandle {
  stop(): void;
  ended: Promise<WatchEnd>;
}

const DEFAULT_PAGE = 500;
const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Seconds (or an HTTP date) in a Retry-After header, as milliseconds. */
export function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export class KubeApi {
  readonly server: string;
  readonly context: string;
  private readonly kubeConfig: KubeConfig;
  private readonly http = new IsomorphicFetchHttpLibrary();
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;
  private readonly maxDelayMs: number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly onRequest: KubeApiOptions['onRequest'];

  constructor(options: KubeApiOptions) {
    this.kubeConfig = options.kubeConfig;
    this.context = options.context;
    const cluster = options.kubeConfig.getCurrentCluster();
    if (cluster === null) throw new ClusterAccessError(`kubeconfig context "${options.context}" names no cluster`);
    this.server = cluster.server.replace(/\/+$/, '');
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxAttempts = options.maxAttempts ?? 5;
    this.maxDelayMs = options.maxDelayMs ?? 30_000;
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    this.onRequest = options.onRequest;
  }

  /** GETs a JSON document (discovery, `/version`, one object, one list page). */
  async getJson(path: string, query: Readonly<Record<string, string>> = {}): Promise<ApiResult<Record<string, unknown>>> {
    const url = new URL(this.server + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    let attempt = 0;
    for (;;) {
      attempt += 1;
      this.onRequest?.({ path, query });
      const outcome = await this.once(url);
      if (outcome.kind === 'response') {
        const { status, body, retryAfter } = outcome;
        if (status >= 200 && status < 300) {
          if (!isRecord(body)) return { ok: false, refusal: { status, reason: 'InvalidResponse', message: `${path}: the server answered ${status} without a JSON object` } };
          return { ok: true, value: body };
        }
        if (status === 401) {
          throw new ClusterAccessError(`the API server ${this.server} (context "${this.context}") refused our credentials (401 Unauthorized): renew the token or certificate in the kubeconfig`);
        }
        const refusal = refusalOf(status, body, path);
        if (RETRYABLE.has(status) && attempt < this.maxAttempts) {
          await this.sleep(Math.min(this.maxDelayMs, retryAfterMs(retryAfter, Date.now()) ?? this.backoff(attempt)));
          continue;
        }
        return { ok: false, refusal };
      }
      if (attempt < this.maxAttempts && outcome.kind === 'timeout') {
        await this.sleep(this.backoff(attempt));
        continue;
      }
      // A refused connection rarely heals within seconds; two quick retries cover a restarting proxy.
      if (outcome.kind === 'network' && attempt < Math.min(3, this.maxAttempts)) {
        await this.sleep(this.backoff(attempt));
        continue;
      }
      const what = outcome.kind === 'timeout' ? `did not answer within ${Math.round(this.timeoutMs / 1000)} s (${attempt} attempts)` : `cannot be reached: ${outcome.message}`;
      throw new ServerUnreachable(`the API server ${this.server} (context "${this.context}") ${what}`);
    }
  }

  /** GETs one object. */
  async getObject(resource: ResourceType, namespace: string | undefined, name: string): Promise<ApiResult<Record<string, unknown>>> {
    return this.getJson(resourcePath(resource, namespace, name));
  }

  /**
   * Lists a collection page by page (`limit`/`continue`), handing each page to `onPage` as it arrives so
   * callers can stream pages to disk. Returns the first refusal, if any (pages already delivered stay delivered).
   */
  async listPages(resource: ResourceType, query: ListQuery, onPage: (page: ListPage) => void | Promise<void>): Promise<ApiRefusal | undefined> {
    const base: Record<string, string> = { limit: String(query.limit ?? DEFAULT_PAGE) };
    if (query.labelSelector !== undefined) base.labelSelector = query.labelSelector;
    if (query.fieldSelector !== undefined) base.fieldSelector = query.fieldSelector;
    const path = resourcePath(resource, query.namespace);
    let continueToken: string | undefined;
    let restarted = false;
    for (;;) {
      const result = await this.getJson(path, continueToken !== undefined ? { ...base, continue: continueToken } : base);
      if (!result.ok) {
        // 410 Gone: the continue token outlived etcd's compaction window. Start over once; duplicates are deduplicated downstream.
        if (result.refusal.status === 410 && continueToken !== undefined && !restarted) {
          restarted = true;
          continueToken = undefined;
          continue;
        }
        return result.refusal;
      }
      const body = result.value;
      const metadata = isRecord(body.metadata) ? body.metadata : {};
      const items = Array.isArray(body.items) ? body.items.filter(isRecord) : [];
      const page: ListPage = { items };
      if (typeof metadata.resourceVersion === 'string') page.resourceVersion = metadata.resourceVersion;
      const next = typeof metadata.continue === 'string' && metadata.continue !== '' ? metadata.continue : undefined;
      if (next !== undefined) page.continueToken = next;
      await onPage(page);
      if (next === undefined) return undefined;
      continueToken = next;
    }
  }

  /** Lists a whole collection into memory (for targeted, selector-narrowed lists only). */
  async listAll(resource: ResourceType, query: ListQuery): Promise<ApiResult<Record<string, unknown>[]>> {
    const items: Record<string, unknown>[] = [];
    const refusal = await this.listPages(resource, query, (page) => {
      items.push(...page.items);
    });
    return refusal === undefined ? { ok: true, value: items } : { ok: false, refusal };
  }

  /**
   * Watches a collection from `resourceVersion` (list first, then watch from the list's version: the
   * informer pattern). Events arrive in order through `onEvent`; the returned promise says why the stream
   * ended, so a supervisor can re-watch (closed), re-list (gone) or back off (error). Unlike client-node's
   * Watch, a malformed line ends the watch with an error instead of being dropped.
   */
  watch(resource: ResourceType, query: ListQuery & { resourceVersion?: string; timeoutSeconds?: number }, onEvent: (event: WatchEvent) => void): WatchHandle {
    const url = new URL(this.server + resourcePath(resource, query.namespace));
    url.searchParams.set('watch', 'true');
    url.searchParams.set('allowWatchBookmarks', 'true');
    if (query.resourceVersion !== undefined) url.searchParams.set('resourceVersion', query.resourceVersion);
    if (query.timeoutSeconds !== undefined) url.searchParams.set('timeoutSeconds', String(query.timeoutSeconds));
    if (query.labelSelector !== undefined) url.searchParams.set('labelSelector', query.labelSelector);
    if (query.fieldSelector !== undefined) url.searchParams.set('fieldSelector', query.fieldSelector);
    this.onRequest?.({ path: url.pathname, query: Object.fromEntries(url.searchParams) });
    const controller = new AbortController();
    let stopped = false;
    let resourceVersion = query.resourceVersion;
    const stop = (): void => {
      stopped = true;
      controller.abort();
    };
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setSignal(controller.signal);
    const run = async (): Promise<WatchEnd> => {
      try {
        await this.kubeConfig.applySecurityAuthentication(ctx);
        const response = await this.http.send(ctx).toPromise();
        if (response.httpStatusCode === 401) {
          throw new ClusterAccessError(`the API server ${this.server} (context "${this.context}") refused our credentials (401 Unauthorized)`);
        }
        if (response.httpStatusCode !== 200) {
          const raw = await response.body.text();
          let body: unknown;
          try {
            body = JSON.parse(raw);
          } catch {
            body = undefined;
          }
          const refusal = refusalOf(response.httpStatusCode, body, url.pathname);
          return refusal.status === 410 ? { reason: 'gone', resourceVersion, message: refusal.message } : { reason: 'refused', refusal };
        }
        const stream = response.body.stream();
        if (stream === null) return { reason: 'closed', resourceVersion };
        const decoder = new TextDecoder();
        let buffered = '';
        for await (const chunk of stream) {
          buffered += decoder.decode(chunk, { stream: true });
          let newline = buffered.indexOf('\n');
          while (newline >= 0) {
            const line = buffered.slice(0, newline).trim();
            buffered = buffered.slice(newline + 1);
            newline = buffered.indexOf('\n');
            if (line === '') continue;
            let event: unknown;
            try {
              event = JSON.parse(line);
            } catch {
              return { reason: 'error', message: `malformed watch event: ${line.slice(0, 80)}`, resourceVersion };
            }
            if (!isRecord(event) || typeof event.type !== 'string' || !isRecord(event.object)) {
              return { reason: 'error', message: `unexpected watch event: ${line.slice(0, 80)}`, resourceVersion };
            }
            if (event.type === 'ERROR') {
              const status = event.object;
              const message = typeof status.message === 'string' ? status.message : 'watch error';
              return status.code === 410 ? { reason: 'gone', resourceVersion, message } : { reason: 'error', message, resourceVersion };
            }
            const metadata = isRecord(event.object.metadata) ? event.object.metadata : {};
            if (typeof metadata.resourceVersion === 'string') resourceVersion = metadata.resourceVersion;
            if (event.type === 'ADDED' || event.type === 'MODIFIED' || event.type === 'DELETED' || event.type === 'BOOKMARK') onEvent({ type: event.type, object: event.object });
          }
        }
        return { reason: stopped ? 'stopped' : 'closed', resourceVersion };
      } catch (error) {
        if (error instanceof ClusterAccessError) throw error;
        if (stopped) return { reason: 'stopped', resourceVersion };
        return { reason: 'error', message: describeNetworkError(error), resourceVersion };
      }
    };
    return { stop, ended: run() };
  }

  private backoff(attempt: number): number {
    // 250 ms, 500 ms, 1 s, 2 s ... with ±25% jitter so parallel readers do not retry in lockstep.
    const base = Math.min(this.maxDelayMs, 250 * 2 ** (attempt - 1));
    return Math.round(base * (0.75 + Math.random() * 0.5));
  }

  private async once(url: URL): Promise<
    | { kind: 'response'; status: number; body: unknown; retryAfter: string | undefined }
    | { kind: 'timeout' }
    | { kind: 'network'; message: string }
  > {
    const ctx = new RequestContext(url.toString(), HttpMethod.GET);
    ctx.setHeaderParam('Accept', 'application/json');
    ctx.setHeaderParam('User-Agent', 'kubehow (read-only)');
    const signal = AbortSignal.timeout(this.timeoutMs);
    ctx.setSignal(signal);
    try {
      await this.kubeConfig.applySecurityAuthentication(ctx);
      const response = await this.http.send(ctx).toPromise();
      const raw = await response.body.text();
      let body: unknown;
      try {
        body = raw === '' ? undefined : JSON.parse(raw);
      } catch {
        body = undefined;
      }
      return { kind: 'response', status: response.httpStatusCode, body, retryAfter: response.headers['retry-after'] };
    } catch (error) {
      if (signal.aborted) return { kind: 'timeout' };
      return { kind: 'network', message: describeNetworkError(error) };
    }
  }
}

function refusalOf(status: number, body: unknown, path: string): ApiRefusal {
  if (isRecord(body) && body.kind === 'Status') {
    return {
      status,
      reason: typeof body.reason === 'string' && body.reason !== '' ? body.reason : `HTTP ${status}`,
      message: typeof body.message === 'string' ? body.message : `${path}: HTTP ${status}`,
    };
  }
  return { status, reason: `HTTP ${status}`, message: `${path}: HTTP ${status}` };
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return typeof code === 'string' ? `${code} (${cause.message})` : cause.message;
  }
  return error.message;
}
