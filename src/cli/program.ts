/** The command line: thin. Parse flags, call a command, hand back text and an exit code. */
import { Command, CommanderError, Option } from 'commander';
import { OUTPUT_FORMATS, type OutputFormat } from '../render/render.ts';
import { runDiagnose, type CommandResult } from './commands/diagnose.ts';
import { runDemo } from './commands/demo.ts';
import { ExitCode } from '../errors.ts';
import { addSourceOptions, sourceFlagsOf, type LoadStateOptions, type SourceFlags } from './source-options.ts';

export interface ProgramIO {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stdout is a terminal that wants colour (decided by the caller: TTY and NO_COLOR). */
  color: boolean;
  version: string;
  /** Edges of live reads injected by tests (environment, clock, retry sleep). */
  live?: LoadStateOptions;
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

Read-only: kubehow never changes a cluster and never reads Secret values.`,
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
