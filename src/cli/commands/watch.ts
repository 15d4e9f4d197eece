/**
 * `kubehow watch`: the daemon. Informers keep a cache of the cluster current; every change (debounced) and
 * every pass interval runs the detectors; the alert engine decides what fires, repeats and resolves; each
 * sink has its own delivery queue. /metrics, /healthz and /readyz are served on `listen`.
 *
 * With `--snapshot` (or `--once`) it runs one pass and exits: what the watcher would alert on right now.
 * Shutdown (SIGTERM, SIGINT) stops the informers, then gives the sinks a bounded time to deliver what is queued.
 */
import { readFileSync } from 'node:fs';
import { ExitCode, InputError, UsageError } from '../../errors.ts';
import { CURRENT_PROBLEM_IDS } from '../../checks/types.ts';
import { formatTime } from '../../model/time.ts';
import { defaultWatchConfig, parseHttpUrl, parseOverrideFlag, parseWatchConfig, checkListen, type WatchConfig, type WatchDetector } from '../../watch/config.ts';
import { parseDuration } from '../../duration.ts';
import { WatchMetrics } from '../../watch/metrics.ts';
import { Watcher, type ClusterFeed } from '../../watch/watcher.ts';
import { SnapshotFeed } from '../../watch/snapshot-feed.ts';
import { startStatusServer, type StatusServer } from '../../watch/http-server.ts';
import { parseSinkSpecs, type SinkSpec } from '../../sinks/create-sink.ts';
import { createDeliveries } from '../../sinks/deliveries.ts';
import type { LineWriter } from '../../sinks/stdout.ts';
import { loadState, usesSnapshot, type LoadStateOptions, type SourceFlags } from '../source-options.ts';
import type { CommandResult } from './diagnose.ts';

export interface WatchFlags extends SourceFlags {
  config?: string;
  stuckAfter?: string;
  stuckAfterNamespace?: readonly string[];
  stuckAfterLabel?: readonly string[];
  detectors?: string;
  repeatInterval?: string;
  docsBaseUrl?: string;
  listen?: string;
  namespace?: readonly string[];
  alertmanager?: readonly string[];
  slackWebhookFile?: string;
  slackFlavor?: string;
  webhook?: readonly string[];
  stdout?: boolean;
  once?: boolean;
}

export interface WatchIO {
  /** Where the stdout sink writes its JSON lines (the process's stdout). */
  out: LineWriter;
  /** Diagnostic log lines (stderr). */
  log: (line: string) => void;
  version: string;
  live?: LoadStateOptions;
  /** Aborted on SIGTERM / SIGINT: the watcher stops and drains its queues. */
  signal?: AbortSignal;
  /** Epoch ms now (tests move it). */
  clock?: () => number;
  /** Called once the watcher runs, with the status server's address (tests connect to it). */
  onStarted?: (info: { address: string | undefined }) => void;
  /** How long the sinks may take to deliver what is queued at shutdown (default 10 s). */
  drainMs?: number;
}

function flagDuration(flag: string, value: string): number {
  const ms = parseDuration(value);
  if (ms === undefined) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected a duration such as 90s, 5m or 1h30m`);
  return ms;
}

/** Defaults, then the config file, then flags. */
export function watchConfigOf(flags: WatchFlags, readFile: (path: string) => string = (p) => readFileSync(p, 'utf8')): WatchConfig {
  let config = defaultWatchConfig();
  if (flags.config !== undefined) {
    let text: string;
    try {
      text = readFile(flags.config);
    } catch (err) {
      throw new InputError(`${flags.config}: cannot read the config file (${err instanceof Error ? err.message : String(err)})`, flags.config);
    }
    config = parseWatchConfig(text, flags.config, config);
  }
  if (flags.stuckAfter !== undefined) config.stuckAfterMs = flagDuration('--stuck-after', flags.stuckAfter);
  // Flag overrides come first: they are the most specific thing the operator said.
  const overrides = [
    ...(flags.stuckAfterLabel ?? []).map((v) => parseOverrideFlag('--stuck-after-label', v, 'label')),
    ...(flags.stuckAfterNamespace ?? []).map((v) => parseOverrideFlag('--stuck-after-namespace', v, 'namespace')),
  ];
  config.stuckOverrides = [...overrides, ...config.stuckOverrides];
  if (flags.detectors !== undefined) {
    const ids = flags.detectors.split(',').map((s) => s.trim()).filter((s) => s !== '');
    for (const id of ids) if (!(CURRENT_PROBLEM_IDS as readonly string[]).includes(id)) throw new UsageError(`--detectors: unknown detector ${JSON.stringify(id)}; expected some of ${CURRENT_PROBLEM_IDS.join(', ')}`);
    if (ids.length === 0) throw new UsageError('--detectors: name at least one detector');
    config.detectors = ids as WatchDetector[];
  }
  if (flags.repeatInterval !== undefined) {
    config.repeatIntervalMs = flagDuration('--repeat-interval', flags.repeatInterval);
    if (config.repeatIntervalMs < 60_000) throw new UsageError('--repeat-interval: must be at least 1m');
  }
  if (flags.docsBaseUrl !== undefined) config.docsBaseUrl = parseHttpUrl('--docs-base-url', JSON.stringify(flags.docsBaseUrl), flags.docsBaseUrl);
  if (flags.listen !== undefined) config.listen = checkListen('--listen', JSON.stringify(flags.listen), flags.listen);
  const namespaces = (flags.namespace ?? []).flatMap((n) => n.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  if (namespaces.length > 0) config.namespaces = namespaces;
  return config;
}

/** The sinks of the config file plus those given as flags; JSON lines on stdout when none is given. */
export function sinkSpecsOf(flags: WatchFlags, config: WatchConfig): SinkSpec[] {
  const fromFlags: unknown[] = [];
  if ((flags.alertmanager ?? []).length > 0) fromFlags.push({ type: 'alertmanager', name: 'alertmanager-flag', urls: flags.alertmanager });
  if (flags.slackWebhookFile !== undefined) fromFlags.push({ type: 'slack', name: 'slack-flag', urlFile: flags.slackWebhookFile, ...(flags.slackFlavor !== undefined ? { flavor: flags.slackFlavor } : {}) });
  else if (flags.slackFlavor !== undefined) throw new UsageError('--slack-flavor applies to --slack-webhook-file');
  for (const [i, url] of (flags.webhook ?? []).entries()) fromFlags.push({ type: 'webhook', name: `webhook-flag-${i + 1}`, url });
  if (flags.stdout === true) fromFlags.push({ type: 'stdout', name: 'stdout-flag' });
  const fileSpecs = config.sinks.length > 0 ? parseSinkSpecs(config.sinks, flags.config !== undefined ? `${flags.config}: sinks` : 'sinks') : [];
  const flagSpecs = fromFlags.length > 0 ? parseSinkSpecs(fromFlags, 'sink flags') : [];
  const all = [...fileSpecs, ...flagSpecs];
  return all.length > 0 ? all : parseSinkSpecs([{ type: 'stdout' }]);
}

function waitForAbort(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return;
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => { resolve(); }, { once: true });
  });
}

export async function runWatch(flags: WatchFlags, io: WatchIO): Promise<CommandResult> {
  const config = watchConfigOf(flags);
  const specs = sinkSpecsOf(flags, config);
  const snapshotMode = usesSnapshot(flags);
  const once = flags.once === true || snapshotMode;
  const log = (level: string, msg: string, fields: Record<string, unknown> = {}): void => {
    io.log(JSON.stringify({ time: formatTime((io.clock ?? Date.now)()), level, msg, ...fields }));
  };
  const metrics = new WatchMetrics({ version: io.version, processMetrics: !once });
  const deliveries = await createDeliveries(specs, { env: io.live?.env ?? process.env, stdout: io.out, log: (m) => { log('warn', m); }, metrics });

  let feed: ClusterFeed;
  let clock = io.clock ?? Date.now;
  let live: Awaited<ReturnType<typeof startLiveFeed>> | undefined;
  if (snapshotMode) {
    const state = await loadState(flags, { scope: 'cluster' });
    feed = new SnapshotFeed(state);
    const at = Date.parse(state.observedAt);
    clock = () => at;
  } else {
    live = await startLiveFeed(flags, config, metrics, io);
    feed = live.feed;
  }

  deliveries.start();
  const watcher = new Watcher({ feed, config, metrics, clock, targets: [{ enqueue: (ns) => { for (const n of ns) deliveries.enqueue(n); } }], log: io.log });
  let server: StatusServer | undefined;
  try {
    if (live !== undefined) {
      log('info', `watching ${live.context} (${live.server}): ${live.informers} informers`, { sinks: specs.map((s) => s.name) });
      if (!once && config.listen !== '') {
        server = await startStatusServer(config.listen, metrics.registry, live.health(watcher), live.refreshMetrics);
        log('info', `serving /metrics, /healthz and /readyz on ${server.address}`);
      }
      const synced = await Promise.race([live.synced().then(() => 'synced' as const), waitForAbort(io.signal).then(() => 'stopped' as const)]);
      if (synced === 'stopped') return { stdout: '', exitCode: ExitCode.ok };
      log('info', 'every informer has listed once: detecting', { objects: live.objectCount() });
      // A kind that could not be read makes the detectors blind to it: said at start, and in every alert after.
      for (const note of live.notes()) if (note.kind !== 'skipped') log('warn', note.message, { note: note.kind, ...(note.resource !== undefined ? { resource: note.resource } : {}) });
    }
    if (once) {
      watcher.pass();
    } else {
      watcher.start();
      io.onStarted?.({ address: server?.address });
      // Runs until a signal, or until the informers end for good (401, the server gone at start: exit 3).
      await Promise.race([waitForAbort(io.signal), live?.ended() ?? new Promise<never>(() => undefined)]);
      log('info', 'stopping: delivering what is queued');
    }
    return { stdout: '', exitCode: ExitCode.ok };
  } finally {
    watcher.stop();
    await live?.stop();
    const undelivered = await deliveries.drain(io.drainMs ?? 10_000);
    if (undelivered.length > 0) log('error', `notifications not delivered before exit to: ${undelivered.join(', ')}`);
    await deliveries.stop();
    await server?.close();
  }
}

/** Connects, discovers and starts the informers (loaded on demand: only live commands pay for the API client). */
async function startLiveFeed(flags: WatchFlags, config: WatchConfig, metrics: WatchMetrics, io: WatchIO) {
  const { startLiveWatch } = await import('../../watch/live-feed.ts');
  return startLiveWatch({
    env: io.live?.env ?? process.env,
    kubeconfig: flags.kubeconfig,
    context: flags.context,
    ...(io.live?.home !== undefined ? { home: io.live.home } : {}),
    ...(io.live?.sleep !== undefined ? { sleep: io.live.sleep } : {}),
    ...(io.live?.timeoutMs !== undefined ? { timeoutMs: io.live.timeoutMs } : {}),
    clock: io.clock ?? Date.now,
    namespaces: config.namespaces.length > 0 ? config.namespaces : undefined,
    metrics,
    passIntervalMs: config.passIntervalMs,
  });
}
