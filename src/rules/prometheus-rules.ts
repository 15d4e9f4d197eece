/**
 * The Prometheus alerting rules `kubehow rules` prints. Pure: options in, rule groups out.
 *
 * Three groups, each usable alone (`--only`):
 * - `ksm`: for clusters that run kube-state-metrics, with or without kubehow. The 5-minute, per-pod alert the
 *   seed incident's Critical action item asked for ("alert on pods stuck in ContainerCreating > 5 minutes"),
 *   written for both series shapes of `kube_pod_container_status_waiting_reason`: kube-state-metrics v2 exports
 *   one series (value 1) only while a container waits, whatever the reason; v1 exports a fixed list of reasons
 *   (ContainerCreating among them, PodInitializing not), each 0 or 1. Waits that are a different problem
 *   (CrashLoopBackOff, image pulls, config errors) are left to kubernetes-mixin's KubeContainerWaiting.
 * - `findings`: on the gauges `kubehow watch` exports (src/watch/metrics.ts), for users who route alerts
 *   through Prometheus rather than the watcher's own sinks. Counts, so named in the plural: the watcher's own
 *   per-object alerts are `KubehowStuckPod`, `KubehowColocationExposure` (src/watch/alert.ts), and the two must
 *   not share a name in Alertmanager.
 * - `health`: kubehow watch itself: down, informers not synced or erroring, sinks failing or dropping.
 */
import { DOCS_BASE_URL, docUrl, findingDocUrl } from '../docs-links.ts';
import { METRIC } from '../watch/metrics.ts';
import { UsageError } from '../errors.ts';
import { parseDuration } from '../duration.ts';

export const RULE_GROUP_IDS = ['ksm', 'findings', 'health'] as const;
export type RuleGroupId = (typeof RULE_GROUP_IDS)[number];

/** One alerting rule as Prometheus reads it (keys in Prometheus's spelling). */
export interface AlertingRule {
  alert: string;
  expr: string;
  for: string;
  labels?: Record<string, string>;
  annotations: { summary: string; description: string; runbook_url: string };
}

export interface RuleGroup {
  name: string;
  rules: AlertingRule[];
}

/** A Prometheus rules file (`rule_files:`), also the `spec` of a PrometheusRule. */
export interface RulesFile {
  groups: RuleGroup[];
}

export interface RulesOptions {
  /** How long a pod may wait to start before the kube-state-metrics alerts fire (Prometheus duration). */
  threshold: string;
  /** Label matchers selecting kube-state-metrics' series, without braces; empty for none. */
  ksmSelector: string;
  /** Label matchers selecting kubehow watch's series (and its `up`), without braces; never empty. */
  kubehowSelector: string;
  /** Base of the documentation the `runbook_url` annotations point into. */
  runbookBaseUrl: string;
  /** Groups to emit, in the order of RULE_GROUP_IDS. */
  groups: readonly RuleGroupId[];
  /** `severity` label per alert name, replacing the default (or set on an alert that passes the finding's through). */
  severities: Readonly<Record<string, string>>;
  /** Labels added to every alert (routing, team, cluster). */
  extraLabels: Readonly<Record<string, string>>;
}

export const DEFAULT_THRESHOLD = '5m';
export const DEFAULT_KSM_SELECTOR = 'job="kube-state-metrics"';
/** The job label Prometheus gives kubehow watch's targets: the ServiceMonitor of deploy/watch names the Service `kubehow`. */
export const DEFAULT_KUBEHOW_SELECTOR = 'job="kubehow"';

/** The waiting reasons of a container that has not started yet (kubelet's defaults before a container exists). */
const STARTING_REASONS = 'ContainerCreating|PodInitializing';

/** Finding ids with an alert of their own; every other watch finding goes through KubehowFinding. */
const OWN_ALERT_FINDINGS = ['stuck-pod', 'colocation-exposure'];

interface AlertSpec {
  group: RuleGroupId;
  alert: string;
  expr: string;
  for: string;
  /** Default `severity`; undefined: the series carries the finding's own severity label through. */
  severity: string | undefined;
  summary: string;
  description: string;
  runbook: string;
}

/** The alert names this builder can emit (for validating `--severity <alert>=<level>`). */
export function alertNames(): string[] {
  return alertSpecs(resolved({})).map((s) => s.alert);
}

/** Fills defaults and rejects what Prometheus would reject later, with the flag's name in the message. */
export function resolved(partial: Partial<RulesOptions>): RulesOptions {
  const options: RulesOptions = {
    threshold: partial.threshold ?? DEFAULT_THRESHOLD,
    ksmSelector: (partial.ksmSelector ?? DEFAULT_KSM_SELECTOR).trim(),
    kubehowSelector: (partial.kubehowSelector ?? DEFAULT_KUBEHOW_SELECTOR).trim(),
    runbookBaseUrl: partial.runbookBaseUrl ?? DOCS_BASE_URL,
    groups: partial.groups ?? RULE_GROUP_IDS,
    severities: partial.severities ?? {},
    extraLabels: partial.extraLabels ?? {},
  };
  const threshold = parseDuration(options.threshold);
  if (threshold === undefined || threshold === 0) {
    throw new UsageError(`--threshold ${JSON.stringify(options.threshold)} is not a Prometheus duration above zero (examples: 5m, 90s, 1h30m)`);
  }
  if (!/^https?:\/\/[^\s{}]+$/.test(options.runbookBaseUrl) || !URL.canParse(options.runbookBaseUrl)) {
    throw new UsageError(`--runbook-base-url ${JSON.stringify(options.runbookBaseUrl)} is not an http(s) URL (example: ${DOCS_BASE_URL})`);
  }
  checkSelector('--ksm-selector', options.ksmSelector, true);
  checkSelector('--kubehow-selector', options.kubehowSelector, false);
  for (const [name, value] of Object.entries(options.extraLabels)) checkLabel('--rule-label', name, value);
  for (const [alert, severity] of Object.entries(options.severities)) checkLabel('--severity', alert, severity);
  if (options.groups.length === 0) throw new UsageError('--only selects no rule group');
  return options;
}

/** The rule groups for these options (validated by {@link resolved} first). */
export function buildRules(partial: Partial<RulesOptions>): RulesFile {
  const options = resolved(partial);
  const specs = alertSpecs(options);
  const unknown = Object.keys(options.severities).filter((alert) => !specs.some((s) => s.alert === alert));
  if (unknown.length > 0) {
    throw new UsageError(`--severity names no alert of kubehow rules: ${unknown.join(', ')} (alerts: ${specs.map((s) => s.alert).join(', ')})`);
  }
  const groups: RuleGroup[] = [];
  for (const group of RULE_GROUP_IDS) {
    if (!options.groups.includes(group)) continue;
    groups.push({ name: GROUP_NAMES[group], rules: specs.filter((s) => s.group === group).map((s) => toRule(s, options)) });
  }
  return { groups };
}

const GROUP_NAMES: Record<RuleGroupId, string> = {
  ksm: 'kubehow-kube-state-metrics',
  findings: 'kubehow-findings',
  health: 'kubehow-watch-health',
};

function toRule(spec: AlertSpec, options: RulesOptions): AlertingRule {
  const severity = options.severities[spec.alert] ?? spec.severity;
  // Extra labels first: they must not silently replace the severity the alert was given.
  const labels = { ...options.extraLabels, ...(severity !== undefined ? { severity } : {}) };
  return {
    alert: spec.alert,
    expr: spec.expr,
    for: spec.for,
    ...(Object.keys(labels).length > 0 ? { labels } : {}),
    annotations: { summary: spec.summary, description: spec.description, runbook_url: spec.runbook },
  };
}

/** `metric{<selector>, <more>}` with the empty parts left out. */
function selector(metric: string, ...matchers: string[]): string {
  return `${metric}{${matchers.filter((m) => m !== '').join(', ')}}`;
}

function alertSpecs(options: RulesOptions): AlertSpec[] {
  const ksm = (metric: string, ...more: string[]): string => selector(metric, options.ksmSelector, ...more);
  const kh = (metric: string, ...more: string[]): string => selector(metric, options.kubehowSelector, ...more);
  const base = options.runbookBaseUrl;
  const threshold = options.threshold;
  const pod = '{{ $labels.namespace }}/{{ $labels.pod }}';
  const diagnose = `Diagnose it: kubehow diagnose ${pod}`;
  const healthRunbook = (alert: string): string => docUrl(base, `watch/prometheus.md#${alert.toLowerCase()}`);
  // A pod whose init container is running is initialising, not stuck; one with a container waiting for another
  // reason (CrashLoopBackOff, ErrImagePull…) has a different problem, which KubeContainerWaiting reports.
  const initRunning = `(${ksm('kube_pod_init_container_status_running')} == 1)`;
  const otherWait = `(${ksm('kube_pod_container_status_waiting_reason', `reason!~"${STARTING_REASONS}"`)} == 1)
  or on (namespace, pod)
  (${ksm('kube_pod_init_container_status_waiting_reason', `reason!~"${STARTING_REASONS}"`)} == 1)`;

  return [
    {
      group: 'ksm',
      alert: 'KubePodStuckContainerCreating',
      expr: `max by (namespace, pod) (
  (${ksm('kube_pod_container_status_waiting_reason', `reason=~"${STARTING_REASONS}"`)} == 1)
  or
  (${ksm('kube_pod_init_container_status_waiting_reason', `reason=~"${STARTING_REASONS}"`)} == 1)
)
unless on (namespace, pod) (
  ${otherWait}
)
unless on (namespace, pod) ${initRunning}`,
      for: threshold,
      severity: 'critical',
      summary: `Pod ${pod} has been stuck starting for more than ${threshold}`,
      description: `A container of ${pod} has been waiting in ContainerCreating or PodInitializing for more than ${threshold}. Kubernetes has no timeout on this state: a volume that does not attach or mount (an iSCSI or NFS target that does not answer), a missing ConfigMap or Secret volume, a sandbox that cannot be created, or a very slow image pull. ${diagnose}`,
      runbook: findingDocUrl(base, 'stuck-pod'),
    },
    {
      group: 'ksm',
      alert: 'KubePodStuckPendingAfterScheduling',
      // kube-state-metrics v1 exports no PodInitializing series, so a pod with init containers blocked on a volume
      // shows no waiting reason at all; neither does a pod whose kubelet has posted no container status. What is
      // left is the phase: Pending although scheduled, with no container waiting for any reason exported.
      expr: `(
  max by (namespace, pod) (${ksm('kube_pod_status_phase', 'phase="Pending"')} == 1)
  and on (namespace, pod)
  max by (namespace, pod) (${ksm('kube_pod_status_scheduled', 'condition="true"')} == 1)
)
unless on (namespace, pod) (${ksm('kube_pod_container_status_waiting_reason')} == 1)
unless on (namespace, pod) (${ksm('kube_pod_init_container_status_waiting_reason')} == 1)
unless on (namespace, pod) ${initRunning}`,
      for: threshold,
      severity: 'critical',
      summary: `Pod ${pod} has been Pending for more than ${threshold} after it was scheduled`,
      description: `${pod} was scheduled to a node more than ${threshold} ago and is still Pending, with no container waiting for a reason kube-state-metrics exports (v1 does not export PodInitializing; on v2 this means the kubelet has reported no container status, for example a node that stopped reporting). ${diagnose}`,
      runbook: findingDocUrl(base, 'stuck-pod'),
    },
    {
      group: 'findings',
      alert: 'KubehowStuckPods',
      expr: `max by (namespace) (${kh(METRIC.stuckPods)}) > 0`,
      for: '1m',
      severity: 'critical',
      summary: 'kubehow watch sees {{ $value }} stuck pod(s) in namespace {{ $labels.namespace }}',
      description: `{{ $value }} pod(s) in namespace {{ $labels.namespace }} have been waiting to start (ContainerCreating, PodInitializing, or Pending after scheduling) longer than kubehow watch's threshold. The watcher's own notifications name each pod with its diagnosis; from a shell: kubehow audit -n {{ $labels.namespace }}`,
      runbook: findingDocUrl(base, 'stuck-pod'),
    },
    {
      group: 'findings',
      alert: 'KubehowColocationExposures',
      expr: `max by (severity) (${kh(METRIC.findings, 'id="colocation-exposure"')}) > 0`,
      for: '1m',
      severity: undefined,
      summary: 'kubehow watch sees {{ $value }} workload(s) on the node of their storage target ({{ $labels.severity }})',
      description: `{{ $value }} consumer(s) of an in-cluster iSCSI or NFS target run on (or may be scheduled to) the node of that target, the exposure behind the 2026-03-30 Sonarr outage: a host-namespace initiator cannot reach a ClusterIP whose backend is on its own node without hairpin NAT. Severity {{ $labels.severity }} (critical when a consumer is already stuck or the hairpin was seen). List them: kubehow audit; remove them: kubehow fix`,
      runbook: findingDocUrl(base, 'colocation-exposure'),
    },
    {
      group: 'findings',
      alert: 'KubehowFinding',
      expr: `max by (id, severity) (${kh(METRIC.findings, `id!~"${OWN_ALERT_FINDINGS.join('|')}"`, 'severity!="info"')}) > 0`,
      for: '1m',
      severity: undefined,
      summary: 'kubehow watch reports {{ $value }} {{ $labels.id }} finding(s) ({{ $labels.severity }})',
      description: 'kubehow watch currently reports {{ $value }} finding(s) {{ $labels.id }} at severity {{ $labels.severity }} (restart storms, node disk pressure, storage targets not ready). The watcher\'s notifications name the objects; from a shell: kubehow audit',
      runbook: findingDocUrl(base, '{{ $labels.id }}'),
    },
    {
      group: 'health',
      alert: 'KubehowDown',
      expr: `${selector('up', options.kubehowSelector)} == 0`,
      for: '5m',
      severity: 'warning',
      summary: 'kubehow watch {{ $labels.instance }} cannot be scraped',
      description: 'Prometheus has failed to scrape kubehow watch at {{ $labels.instance }} for 5 minutes: stuck pods and exposures are not being watched.',
      runbook: healthRunbook('KubehowDown'),
    },
    {
      group: 'health',
      alert: 'KubehowAbsent',
      expr: `absent(${selector('up', options.kubehowSelector)})`,
      for: '15m',
      severity: 'warning',
      summary: 'No kubehow watch target is being scraped',
      description: `Prometheus has had no target matching {${options.kubehowSelector}} for 15 minutes: kubehow watch is not deployed, or its Service or ServiceMonitor does not match (kubehow rules --kubehow-selector).`,
      runbook: healthRunbook('KubehowAbsent'),
    },
    {
      group: 'health',
      alert: 'KubehowInformerNotSynced',
      expr: `${kh(METRIC.informerSynced)} == 0`,
      for: '10m',
      severity: 'warning',
      summary: 'kubehow watch has not synced {{ $labels.resource }} for 10 minutes',
      description: 'The informer for {{ $labels.resource }} has been listing or backing off for 10 minutes, so kubehow watch works from an incomplete picture (forbidden by RBAC, an API server that times out, or a resource the server does not serve). Its log says which.',
      runbook: healthRunbook('KubehowInformerNotSynced'),
    },
    {
      group: 'health',
      alert: 'KubehowInformerErrors',
      expr: `sum without (reason) (rate(${kh(METRIC.informerErrors)}[10m])) > 0`,
      for: '15m',
      severity: 'warning',
      summary: 'kubehow watch keeps failing to list or watch {{ $labels.resource }}',
      description: 'List or watch requests for {{ $labels.resource }} have been failing for 15 minutes; the informer retries with backoff, but events may be missed.',
      runbook: healthRunbook('KubehowInformerErrors'),
    },
    {
      group: 'health',
      alert: 'KubehowSinkFailing',
      expr: `sum without (retryable) (rate(${kh(METRIC.sinkFailures)}[10m])) > 0`,
      for: '10m',
      severity: 'warning',
      summary: 'kubehow watch cannot deliver to sink {{ $labels.sink }}',
      description: 'Deliveries to the {{ $labels.sink }} sink have been failing for 10 minutes: notifications are delayed and, once its queue is full, dropped.',
      runbook: healthRunbook('KubehowSinkFailing'),
    },
    {
      group: 'health',
      alert: 'KubehowSinkDroppingNotifications',
      // prom-client creates a labelled counter at its first increment, so the first drops show as a new series,
      // which increase() cannot see (it needs two samples): the second branch catches a series born in the window.
      expr: `increase(${kh(METRIC.sinkDropped)}[10m]) > 0
or
(${kh(METRIC.sinkDropped)} unless ${kh(METRIC.sinkDropped)} offset 10m) > 0`,
      for: '0m',
      severity: 'warning',
      summary: 'kubehow watch dropped notifications for sink {{ $labels.sink }} ({{ $labels.reason }})',
      description: 'The {{ $labels.sink }} sink gave up on notifications in the last 10 minutes (reason {{ $labels.reason }}: overflow = its queue was full, rejected = the receiver refused them). Those alerts were not delivered.',
      runbook: healthRunbook('KubehowSinkDroppingNotifications'),
    },
  ];
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const MATCHER = String.raw`\s*[a-zA-Z_][a-zA-Z0-9_]*\s*(?:=~|!~|!=|=)\s*(?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')\s*`;
const MATCHERS = new RegExp(`^${MATCHER}(?:,${MATCHER})*$`);

function checkSelector(flag: string, value: string, mayBeEmpty: boolean): void {
  if (value === '' && mayBeEmpty) return;
  if (!MATCHERS.test(value)) {
    throw new UsageError(`${flag} ${JSON.stringify(value)} is not a list of label matchers without braces (example: job="kube-state-metrics", or cluster="prod",job=~"kubehow.*")`);
  }
}

function checkLabel(flag: string, name: string, value: string): void {
  if (!LABEL_NAME.test(name) || name.startsWith('__')) {
    throw new UsageError(`${flag}: ${JSON.stringify(name)} is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with __)`);
  }
  if (value === '') throw new UsageError(`${flag}: ${name} has an empty value`);
}
