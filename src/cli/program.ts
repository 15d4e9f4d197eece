/** The command line: thin. Parse flags, call a command, hand back text and an exit code. */
import { Command, CommanderError, Option } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/render.ts';
import { runDiagnose, type CommandResult } from './commands/diagnose.ts';
import { runDemo } from './commands/demo.ts';
import { runAudit } from './commands/audit.ts';
import { DEFAULT_MAX_LINES, DEFAULT_METRIC, DEFAULT_TIMEOUT_SECONDS, PluginExit, pluginExitOf, runCheck } from './commands/check.ts';
import { DEFAULT_CHECK_IDS } from '../check/plugin-status.ts';
import { FIX_FORMATS, runFix, type FixFormat } from './commands/fix.ts';
import { AUDIT_FORMATS, type AuditFormat } from '../render/audit.ts';
import { CURRENT_PROBLEM_IDS, SEVERITY_ORDER } from '../checks/types.ts';
import { RULES_FORMATS, RULES_ONLY, runRules, type RulesFormat } from './commands/rules.ts';
import { DEFAULT_KSM_SELECTOR, DEFAULT_KUBEHOW_SELECTOR, DEFAULT_THRESHOLD } from '../rules/prometheus-rules.ts';
import { DOCS_BASE_URL } from '../docs-links.ts';
import { ExitCode } from '../errors.ts';
import type { LineWriter } from '../sinks/stdout.ts';
import type { WatchFlags } from './commands/watch.ts';
import { addSourceOptions, sourceFlagsOf, type LoadStateOptions, type SourceFlags } from './source-options.ts';

export interface ProgramIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal that wants colour (decided by the caller: TTY and NO_COLOR). */
  color: boolean;
  version: string;
  /** Edges of live reads injected by tests (environment, clock, retry sleep). */
  live?: LoadStateOptions;
  /** `watch`: the stream its stdout sink writes JSON lines to (default: `stdout` above, one call per line). */
  out?: LineWriter;
  /** `watch`: aborted on SIGTERM / SIGINT, to stop and deliver what is queued. */
  signal?: AbortSignal;
}

interface OutputFlags {
  output: OutputFormat;
  color: boolean;
}

function outputOption(): Option {
  return new Option('-o, --output <format>', 'output format').choices(OUTPUT_FORMATS).default('text');
}

/** Builds the program; `result.exitCode` is set by whichever command ran. */
export function buildProgram(io: ProgramIO, name = 'kubehow'): { program: Command; result: CommandResult } {
  const result: CommandResult = { stdout: '', exitCode: ExitCode.ok };
  const program = new Command(name)
    .description('Explains why a Kubernetes pod is stuck, with a ranked, evidence-backed differential diagnosis.')
    .version(io.version)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: (s) => { io.stdout(s); }, writeErr: (s) => { io.stderr(s); } })
    .addHelpText(
      'after',
      `
Start here:
  ${name} demo                                   the 2026-03-30 Sonarr iSCSI hairpin outage, diagnosed
  ${name} diagnose media/sonarr-xyz              live, through the current kubeconfig context
  ${name} collect --archive incident.tar.gz       a redacted snapshot to take away
  kubectl cluster-info dump -A > dump.txt         take the cluster state (read-only)
  ${name} diagnose media/sonarr-xyz --snapshot dump.txt

Read-only: kubehow never changes a cluster (except \`fix --apply\`) and never reads Secret values.`,
    );

  addSourceOptions(program
    .command('diagnose')
    .description('diagnose one pod: the ranked causes, the evidence for and against each, stale events set aside, what to do')
    .argument('<pod>', '<namespace>/<pod>, or <pod> with -n; a Deployment/StatefulSet name works when it has a single pod')
    .option('-n, --namespace <namespace>', 'namespace of the pod (default: "default")'))
    .addOption(outputOption())
    .option('--no-color', 'plain text without terminal colours')
    .addHelpText(
      'after',
      `
Examples:
  kubehow diagnose media/sonarr-dd4cb4f69-8kmhv                    live, current kubeconfig context
  kubehow diagnose sonarr -n media --context prod -o json          a workload's only pod, another context
  kubectl cluster-info dump -A > dump.txt
  kubectl get pv,pvc,storageclass,endpoints -A -o json > storage.json
  kubehow diagnose media/sonarr-dd4cb4f69-8kmhv --snapshot dump.txt --snapshot storage.json
  kubehow diagnose sonarr -n media --snapshot ./bundle.tar.gz -o json

Live, it reads only the objects around the pod (a few dozen GETs and selector-narrowed lists, however
big the cluster), read-only; what RBAC forbids is reported under "Could not check".
Exit codes: 0 diagnosis produced, 2 usage or input error, 3 cluster unreachable or unauthorized.`,
    )
    .action(async (pod: string, opts: { namespace?: string } & SourceFlags & OutputFlags) => {
      const r = await runDiagnose({
        pod,
        output: opts.output,
        color: opts.color && io.color,
        ...sourceFlagsOf(opts),
        ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
        ...(io.live !== undefined ? { live: io.live } : {}),
      });
      io.stdout(r.stdout);
      result.exitCode = r.exitCode;
    });

  program
    .command('collect')
    .description('write a redacted snapshot bundle of the live cluster (a directory, or a .tar.gz) that every command reads back with --snapshot')
    .option('-o, --output-dir <dir>', 'directory to write (default: ./kubehow-bundle-<time>); must be empty unless --force')
    .option('--archive <file.tar.gz>', 'write one gzipped tar file instead of a directory')
    .option('-n, --namespace <namespace>', 'collect only this namespace (repeat for several); cluster-scoped kinds are always collected', (value: string, previous: string[] | undefined) => [...(previous ?? []), value])
    .option('-A, --all-namespaces', 'collect every namespace (the default)')
    .option('--redact-names', 'replace namespaces and object names by stable hashes (the diagnosis still works, the names are gone)')
    .option('--force', 'write into a non-empty directory, or replace an existing archive')
    .option('--kubeconfig <file>', 'kubeconfig file (default: $KUBECONFIG, then ~/.kube/config, then the in-cluster service account)')
    .option('--context <name>', 'kubeconfig context to use (default: the current context)')
    .addHelpText(
      'after',
      `
What is in a bundle:
  manifest.json            when (collectedAt), from where (context, server, server version), kubehow's
                           version, what was redacted, and what could not be read (forbidden kinds)
  <group>/<resource>/*.json one Kubernetes List per page of 500 objects: nodes, namespaces, pods,
                           services, endpoints, endpointslices, PVs, PVCs, storage classes, CSI drivers,
                           volume attachments, workloads, config maps (keys only), events, and the
                           JivaVolume / CStorVolume / CStorVolumeReplica custom resources when served

Redaction is not optional: Secrets are never read, ConfigMap values are dropped, container env values
are replaced (names and valueFrom references kept), last-applied-configuration annotations and
managedFields are dropped. --redact-names also hashes namespaces and names.

Examples:
  ${name} collect -o ./incident-bundle
  ${name} collect --archive incident.tar.gz --redact-names
  ${name} collect -n media -n openebs -o ./two-namespaces
  ${name} diagnose media/sonarr-dd4cb4f69-8kmhv --snapshot incident.tar.gz

Needs only get/list on the kinds above: deploy/rbac-readonly.yaml. Progress goes to stderr.
Exit codes: 0 written, 2 usage error, 3 cluster unreachable or unauthorized.`,
    )
    .action(async (opts: { outputDir?: string; archive?: string; namespace?: string[]; allNamespaces?: boolean; redactNames?: boolean; force?: boolean; kubeconfig?: string; context?: string }) => {
      // Loaded on demand, like the live source: only collect pays for the API client and tar.
      const { runCollect } = await import('./commands/collect.ts');
      const r = await runCollect({
        redactNames: opts.redactNames === true,
        force: opts.force === true,
        version: io.version,
        stderr: (text) => {
          io.stderr(text);
        },
        ...(opts.outputDir !== undefined ? { outputDir: opts.outputDir } : {}),
        ...(opts.archive !== undefined ? { archive: opts.archive } : {}),
        ...(opts.namespace !== undefined ? { namespaces: opts.namespace } : {}),
        ...(opts.allNamespaces !== undefined ? { allNamespaces: opts.allNamespaces } : {}),
        ...(opts.kubeconfig !== undefined ? { kubeconfig: opts.kubeconfig } : {}),
        ...(opts.context !== undefined ? { context: opts.context } : {}),
        ...(io.live !== undefined ? { live: io.live } : {}),
      });
      io.stdout(r.stdout);
      result.exitCode = r.exitCode;
    });

  const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

  addSourceOptions(program
    .command('audit')
    .description('find every exposure in the cluster before it bites: consumers on (or free to land on) their storage target\'s node, fragile replica placement, stuck pods, restart storms, disk pressure'))
    .option('-n, --namespace <ns>', 'only these namespaces (repeat or comma-separate)', collect)
    .addOption(new Option('--severity <level>', 'only findings at or above this severity').choices(SEVERITY_ORDER))
    .option('--ignore <id=ns/name-glob>', 'drop findings with this id (or *) whose namespace/name matches the glob; repeatable', collect)
    .addOption(new Option('--fail-on <level>', 'exit 1 when a finding is at or above this severity (for CI)').choices(SEVERITY_ORDER))
    .option('--manifests <dir>', 'audit the workload manifests of a GitOps repository (plain, kustomize or rendered Helm YAML) against the cluster\'s volumes and targets')
    .option('--manifests-namespace <ns>', 'namespace of manifest workloads that name none (default: default)')
    .addOption(new Option('-o, --output <format>', 'output format (sarif with --manifests)').choices(AUDIT_FORMATS).default('text'))
    .option('--no-color', 'plain text without terminal colours')
    .addHelpText(
      'after',
      `
Examples:
  kubehow audit --snapshot dump.txt --snapshot storage.json
  kubehow audit --snapshot ./dump/ -n media --severity warning -o markdown
  kubehow audit --snapshot ./dump/ --manifests ./gitops/apps -o sarif --fail-on warning > kubehow.sarif

Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error, 3 cluster unreachable.`,
    )
    .action(async (opts: SourceFlags & { namespace?: string[]; severity?: string; ignore?: string[]; failOn?: string; manifests?: string; manifestsNamespace?: string; output: AuditFormat; color: boolean }) => {
      const r = await runAudit({
        ...sourceFlagsOf(opts),
        output: opts.output,
        color: opts.color && io.color,
        ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
        ...(opts.severity !== undefined ? { severity: opts.severity } : {}),
        ...(opts.ignore !== undefined ? { ignore: opts.ignore } : {}),
        ...(opts.failOn !== undefined ? { failOn: opts.failOn } : {}),
        ...(opts.manifests !== undefined ? { manifests: opts.manifests } : {}),
        ...(opts.manifestsNamespace !== undefined ? { manifestsNamespace: opts.manifestsNamespace } : {}),
        ...(io.live !== undefined ? { live: io.live } : {}),
        version: io.version,
      });
      io.stdout(r.stdout);
      result.exitCode = r.exitCode;
    });

  const check = addSourceOptions(program
    .command('check')
    .description('a Nagios / NRPE service check (Monitoring Plugins format): one status line with performance data, details below, exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN'))
    .option('-n, --namespace <ns>', 'only these namespaces (repeat or comma-separate)', collect)
    .option('--checks <id,id>', `checks to run (default: ${DEFAULT_CHECK_IDS.join(',')}); repeatable`, collect)
    .option('--ignore <id=ns/name-glob>', 'drop findings with this id (or *) whose namespace/name matches the glob; repeatable', collect)
    .option('-w, --warning <range>', `warning range for --metric (default metric: ${DEFAULT_METRIC})`)
    .option('-c, --critical <range>', `critical range for --metric (default metric: ${DEFAULT_METRIC})`)
    .option('--metric <label>', 'the metric -w and -c apply to')
    .option('--warningx <metric=range>', 'warning range of any metric; an empty range removes the default; repeatable', collect)
    .option('--criticalx <metric=range>', 'critical range of any metric; an empty range removes the default; repeatable', collect)
    .option('-t, --timeout <seconds[:state]>', `give up after this many seconds, answering UNKNOWN (or the state given: 10:critical) (default: ${DEFAULT_TIMEOUT_SECONDS})`)
    .option('--unreadable <state>', 'state when a kind the checks need could not be read (RBAC, server errors) or a check failed: unknown, warning, critical or ok (default: unknown)')
    .option('--max-lines <n>', `lines of detail after the status line, 0 for none (default: ${DEFAULT_MAX_LINES})`)
    .option('--max-bytes <n>', 'keep the whole answer within this many bytes by dropping detail lines (NRPE 2 carries 1 KiB: use 1000)')
    .option('-v, --verbose', 'more detail; repeat up to -vvv (1: every problem named on the status line, 2: the run\'s configuration, 3: each finding\'s evidence)', (_value: string, previous: number) => previous + 1, 0)
    .addHelpText(
      'after',
      `
Status: each metric is judged against its ranges; the service state is the worst of them (CRITICAL over WARNING
over UNKNOWN over OK), and UNKNOWN (or --unreadable) when something the checks need could not be read.
Anything that keeps kubehow from judging the cluster is UNKNOWN (exit 3), unlike kubehow's other commands:
bad flags, --help, an unreachable API server, refused credentials, the -t time-out.

Metrics (performance data, counts) and default thresholds:
  stuck_pods              pods stuck starting or unscheduled > 5 min     critical 0 (any is CRITICAL)
  colocation_exposures    consumers on their storage target's node       warning 0
  targets_not_ready       storage targets with consumers, none ready     warning 0
  restart_storms          pods restarting over and over                  warning 0
  nodes_disk_pressure     nodes with DiskPressure or failing image GC    warning 0
  findings_critical       critical findings of the checks run            critical 0
  findings_high           high findings of the checks run                warning 0
  findings_warning        warning findings of the checks run             (none)
  --checks replaces the default list; target-placement counts as target_placements, missing-anti-affinity as
  missing_anti_affinities (no default thresholds; their findings count in findings_* too)

Ranges (Monitoring Plugins guidelines): 10 alerts outside 0..10, 10: below 10, ~:10 above 10, 10:20 outside
10..20, @10:20 inside 10..20; 0 alerts on anything above zero.

Examples:
  kubehow check --context prod                         stuck pods CRITICAL, exposures and storms WARNING
  kubehow check -w 0 -c 2                              one or two stuck pods WARNING, three or more CRITICAL
  kubehow check --warningx restart_storms=3 --criticalx findings_critical=
  kubehow check --checks stuck-pod -t 20:critical --max-bytes 1000     behind NRPE 2

nrpe.cfg:  command[check_kubehow]=/usr/local/bin/kubehow check --kubeconfig /etc/nagios/kubehow.kubeconfig -t 20
More: docs/check.md.`,
    );
  check
    .exitOverride((err) => {
      throw pluginExitOf(err);
    })
    .action(async (opts: SourceFlags & { namespace?: string[]; checks?: string[]; ignore?: string[]; warning?: string; critical?: string; metric?: string; warningx?: string[]; criticalx?: string[]; timeout?: string; unreadable?: string; maxLines?: string; maxBytes?: string; verbose: number }) => {
      const r = await runCheck({
        ...sourceFlagsOf(opts),
        verbosity: opts.verbose,
        ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
        ...(opts.checks !== undefined ? { checks: opts.checks } : {}),
        ...(opts.ignore !== undefined ? { ignore: opts.ignore } : {}),
        ...(opts.warning !== undefined ? { warning: opts.warning } : {}),
        ...(opts.critical !== undefined ? { critical: opts.critical } : {}),
        ...(opts.metric !== undefined ? { metric: opts.metric } : {}),
        ...(opts.warningx !== undefined ? { warningx: opts.warningx } : {}),
        ...(opts.criticalx !== undefined ? { criticalx: opts.criticalx } : {}),
        ...(opts.timeout !== undefined ? { timeout: opts.timeout } : {}),
        ...(opts.unreadable !== undefined ? { unreadable: opts.unreadable } : {}),
        ...(opts.maxLines !== undefined ? { maxLines: opts.maxLines } : {}),
        ...(opts.maxBytes !== undefined ? { maxBytes: opts.maxBytes } : {}),
        ...(io.live !== undefined ? { live: io.live } : {}),
      });
      io.stdout(r.stdout);
      result.exitCode = r.exitCode;
    });

  addSourceOptions(program
    .command('fix')
    .description('the pod anti-affinity that removes each exposure, described first; as patch YAML, a kustomize overlay or kubectl commands; applied only with --apply'))
    .option('-n, --namespace <ns>', 'only workloads in these namespaces (repeat or comma-separate)', collect)
    .option('--ignore <id=ns/name-glob>', 'skip workloads matching (ids missing-anti-affinity, colocation-exposure or *); repeatable', collect)
    .option('--required', 'a hard rule (requiredDuringScheduling…): the pod stays Pending rather than share a node with its target')
    .addOption(new Option('--side <side>', 'which workload gets the rule').choices(['consumer', 'target', 'both']).default('consumer'))
    .addOption(new Option('-o, --output <format>', 'output format').choices(FIX_FORMATS).default('text'))
    .option('--out <dir>', 'directory for -o kustomize (kustomization.yaml + patches/)')
    .option('--base <path>', 'the overlay\'s bases, relative to --out (default ../base); repeatable', collect)
    .option('--apply', 'patch the live cluster: server-side dry run first, then apply, reporting each result')
    .addHelpText(
      'after',
      `
Examples:
  kubehow fix --snapshot ./dump/                          what would change, and why
  kubehow fix --snapshot ./dump/ -o kustomize --out ./gitops/overlays/anti-affinity --base ../../apps
  kubehow fix --snapshot ./dump/ -o kubectl --required
  kubehow fix --context prod -n media --apply             patch the live cluster (dry run first)`,
    )
    .action(async (opts: SourceFlags & { namespace?: string[]; ignore?: string[]; required?: boolean; side: string; output: FixFormat; out?: string; base?: string[]; apply?: boolean }) => {
      const r = await runFix({
        ...sourceFlagsOf(opts),
        output: opts.output,
        side: opts.side,
        ...(io.live !== undefined ? { live: io.live } : {}),
        ...(opts.namespace !== undefined ? { namespace: opts.namespace } : {}),
        ...(opts.ignore !== undefined ? { ignore: opts.ignore } : {}),
        ...(opts.required !== undefined ? { required: opts.required } : {}),
        ...(opts.out !== undefined ? { out: opts.out } : {}),
        ...(opts.base !== undefined ? { base: opts.base } : {}),
        ...(opts.apply !== undefined ? { apply: opts.apply } : {}),
      });
      io.stdout(r.stdout);
      result.exitCode = r.exitCode;
    });

  addSourceOptions(program
    .command('watch')
    .description('watch the cluster and alert (Alertmanager, Slack/Mattermost/Zulip, webhooks, JSON lines) on stuck pods, consumers bound to their storage target\'s node, restart storms, disk pressure and targets not ready, each alert with the diagnosis attached; serves /metrics, /healthz, /readyz')
    .option('--config <file>', 'YAML configuration (docs/watch/configuration.md); flags override it')
    .option('--stuck-after <duration>', 'how long a pod may wait (ContainerCreating, PodInitializing, Pending after scheduling) before it is stuck (default: 5m)')
    .option('--stuck-after-namespace <ns:duration>', 'another threshold for one namespace, e.g. ml:30m; repeatable', collect)
    .option('--stuck-after-label <key=value:duration>', 'another threshold for pods with a label, e.g. app.kubernetes.io/name=trainer:1h; repeatable', collect)
    .option('--detectors <ids>', `comma-separated detectors to run (default: all: ${CURRENT_PROBLEM_IDS.join(',')})`)
    .option('--repeat-interval <duration>', 'notify a still-firing alert again after this long (default: 4h)')
    .option('--docs-base-url <url>', 'base of the documentation links in alerts (default: kubehow\'s docs on GitHub)')
    .option('--listen <host:port>', 'address of /metrics, /healthz and /readyz; "" for none (default: 0.0.0.0:9090)')
    .option('-n, --namespace <namespace>', 'watch only this namespace (repeat for several); cluster-scoped kinds are always watched', collect)
    .option('--alertmanager <url>', 'send alerts to this Alertmanager (its v2 API); repeat for an HA pair', collect)
    .option('--slack-webhook-file <file>', 'post to the Slack-compatible incoming webhook whose URL is in this file (a URL is a credential: keep it out of argv)')
    .addOption(new Option('--slack-flavor <flavor>', 'markup of that webhook').choices(['slack', 'mattermost', 'zulip']))
    .option('--webhook <url>', 'POST each notification as JSON to this URL; repeatable', collect)
    .option('--stdout', 'also write each notification as a JSON line on stdout (the default when no other sink is configured)')
    .option('--once', 'wait for the first full list, run one detection pass, deliver, and exit (implied by --snapshot)'))
    .addHelpText(
      'after',
      `
What it alerts on (docs/findings/<id>.md):
  stuck-pod            a pod waiting to start longer than --stuck-after, with its diagnosis
  colocation-exposure  a consumer bound to the node of the pod serving its volume: at bind time, before the mount times out
  target-not-ready     a storage target with consumers and no ready backend (after 1m)
  restart-storm        pods restarting over and over
  node-disk-pressure   DiskPressure, ImageGCFailed, FreeDiskSpaceFailed
Every alert carries the top hypotheses of the affected pod's diagnosis, its next steps and links to the docs.
An alert fires once, repeats after --repeat-interval, and resolves when the problem is gone; a sink that is
down delays its alerts (bounded queue, retries with backoff), it does not lose them.

Examples:
  ${name} watch --alertmanager http://alertmanager.monitoring:9093
  ${name} watch --config /etc/kubehow/config.yaml                    # as deployed by deploy/watch
  ${name} watch --slack-webhook-file ~/.config/kubehow/slack-url --stuck-after-namespace ml:30m
  ${name} watch --snapshot examples/sonarr-hairpin/cluster.json       # what it would alert on, as JSON lines
  ${name} rules > kubehow-rules.yaml                                   # Prometheus rules on its /metrics

Needs get/list/watch on the kinds of deploy/rbac-readonly.yaml. Logs go to stderr as JSON lines.
Exit codes: 0 stopped (SIGTERM, SIGINT) or --once done, 2 usage or config error, 3 cluster unreachable or unauthorized.`,
    )
    .action(async (opts: WatchFlags) => {
      const { runWatch } = await import('./commands/watch.ts');
      const out: LineWriter = io.out ?? { write: (chunk, callback) => { io.stdout(chunk); callback(); return true; } };
      const r = await runWatch(opts, {
        out,
        log: (line) => {
          io.stderr(`${line}\n`);
        },
        version: io.version,
        ...(io.live !== undefined ? { live: io.live } : {}),
        ...(io.signal !== undefined ? { signal: io.signal } : {}),
        ...(io.live?.clock !== undefined ? { clock: io.live.clock } : {}),
      });
      result.exitCode = r.exitCode;
    });

  program
    .command('rules')
    .description('Prometheus alerting rules: pods stuck in ContainerCreating past a threshold (kube-state-metrics v1 or v2), and alerts on kubehow watch\'s own metrics; as a rules file or a PrometheusRule')
    .addOption(new Option('-o, --output <format>', 'a Prometheus rules file, or a prometheus-operator PrometheusRule object').choices(RULES_FORMATS).default('rules'))
    .option('--threshold <duration>', `how long a pod may wait to start before the kube-state-metrics alerts fire (default: ${DEFAULT_THRESHOLD})`)
    .option('--ksm-selector <matchers>', `label matchers for kube-state-metrics series, without braces; "" for none (default: ${DEFAULT_KSM_SELECTOR})`)
    .option('--kubehow-selector <matchers>', `label matchers for kubehow watch's series and its up (default: ${DEFAULT_KUBEHOW_SELECTOR})`)
    .option('--runbook-base-url <url>', `base of the runbook_url annotations (default: ${DOCS_BASE_URL})`)
    .option('--only <group>', `only these groups (${RULES_ONLY.join(', ')}; kubehow = findings + health); repeat or comma-separate`, collect)
    .option('--severity <alert=level>', 'set the severity label of one alert; repeatable', collect)
    .option('--rule-label <name=value>', 'add a label to every alert (routing, cluster); repeatable', collect)
    .option('--name <name>', 'PrometheusRule name (default: kubehow)')
    .option('--namespace <namespace>', 'PrometheusRule namespace (default: none, kubectl applies it to the current one)')
    .option('--label <name=value>', 'PrometheusRule label, for the operator\'s ruleSelector (e.g. release=kube-prometheus-stack); repeatable', collect)
    .addHelpText(
      'after',
      `
Groups:
  ksm        KubePodStuckContainerCreating, KubePodStuckPendingAfterScheduling: per pod, after --threshold,
             from kube-state-metrics v1 or v2 (CrashLoopBackOff and image pull failures are not "stuck starting")
  findings   KubehowStuckPods, KubehowColocationExposures, KubehowFinding: from kubehow watch's /metrics
  health     KubehowDown, KubehowAbsent, KubehowInformerNotSynced, KubehowInformerErrors, KubehowSinkFailing,
             KubehowSinkDroppingNotifications

Examples:
  ${name} rules --only ksm > kubehow-rules.yaml            kube-state-metrics only, no kubehow watch needed
  promtool check rules kubehow-rules.yaml
  ${name} rules -o prometheusrule --namespace monitoring --label release=kube-prometheus-stack | kubectl apply -f -
  ${name} rules --threshold 10m --ksm-selector 'job="kube-state-metrics",cluster="prod"' --rule-label team=storage

Every alert carries summary, description and runbook_url annotations. Output goes to stdout.
Exit codes: 0 written, 2 usage error.`,
    )
    .action((opts: { output: RulesFormat; threshold?: string; ksmSelector?: string; kubehowSelector?: string; runbookBaseUrl?: string; only?: string[]; severity?: string[]; ruleLabel?: string[]; name?: string; namespace?: string; label?: string[] }) => {
      const r = runRules(opts);
      io.stdout(r.stdout);
      result.exitCode = r.exitCode;
    });

  program
    .command('demo')
    .description('diagnose the seed incident (Sonarr stuck on an iSCSI hairpin) from the embedded example snapshot')
    .addOption(outputOption())
    .option('--no-color', 'plain text without terminal colours')
    .action(async (opts: OutputFlags) => {
      const r = await runDemo({ output: opts.output, color: opts.color && io.color });
      io.stdout(r.stdout);
      result.exitCode = r.exitCode;
    });

  return { program, result };
}

/** Runs the program on argv (without node and script); returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], io: ProgramIO, name?: string): Promise<number> {
  const { program, result } = buildProgram(io, name);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return result.exitCode;
  } catch (err) {
    // `kubehow check` answers usage errors and --help the plugin way (UNKNOWN, exit 3, a status line on stdout).
    if (err instanceof PluginExit) {
      io.stdout(err.result.stdout);
      return err.result.exitCode;
    }
    if (err instanceof CommanderError) {
      // --help and --version end through here with exit code 0.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    return reportError(err, io);
  }
}

function reportError(err: unknown, io: ProgramIO): number {
  if (err instanceof Error) {
    switch (err.name) {
      case 'UsageError':
      case 'InputError':
        io.stderr(`kubehow: ${oneLine(err.message)}\n`);
        return ExitCode.usage;
      case 'ClusterAccessError':
        io.stderr(`kubehow: ${oneLine(err.message)}\n`);
        return ExitCode.unreachable;
    }
    io.stderr(`kubehow: internal error: ${oneLine(err.message)} (please report it, with the command and input if you can)\n`);
    return ExitCode.usage;
  }
  io.stderr(`kubehow: internal error: ${String(err)}\n`);
  return ExitCode.usage;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}
