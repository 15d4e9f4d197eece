/** `kubehow audit`: every finding of every check over the cluster, filtered; the exit code answers `--fail-on`. */
import { buildModel } from '../../model/model.ts';
import { audit, failsOn, parseIgnoreRule, type AuditOptions, type IgnoreRule } from '../../checks/audit.ts';
import { SEVERITY_ORDER, type Severity } from '../../checks/types.ts';
import { renderAudit, type AuditFormat } from '../../render/audit.ts';
import { ExitCode, UsageError } from '../../errors.ts';
import { loadState, type LoadStateOptions, type SourceFlags } from '../source-options.ts';
import type { CommandResult } from './diagnose.ts';

export interface AuditFilterFlags {
  namespace?: readonly string[];
  severity?: string;
  ignore?: readonly string[];
}

export interface AuditCommandOptions extends SourceFlags, AuditFilterFlags {
  output: AuditFormat;
  color: boolean;
  failOn?: string;
  manifests?: string;
  /** Namespace of manifest workloads that name none (what `kubectl apply -n` or the GitOps app sets). */
  manifestsNamespace?: string;
  /** kubehow's version, for the SARIF tool section. */
  version?: string;
  /** Environment of a live read (tests inject it). */
  live?: LoadStateOptions;
}

export function parseSeverity(flag: string, value: string | undefined): Severity | undefined {
  if (value === undefined) return undefined;
  if (!(SEVERITY_ORDER as readonly string[]).includes(value)) throw new UsageError(`${flag} ${JSON.stringify(value)}: expected one of ${SEVERITY_ORDER.join(', ')}`);
  return value as Severity;
}

/** `-n a,b -n c` → [a, b, c]. */
export function namespacesOf(flags: AuditFilterFlags): string[] | undefined {
  const all = (flags.namespace ?? []).flatMap((n) => n.split(',')).map((n) => n.trim()).filter((n) => n !== '');
  return all.length > 0 ? all : undefined;
}

/** The filter flags as audit options; a malformed `--ignore` or `--severity` is a usage error. */
export function auditOptionsOf(flags: AuditFilterFlags): AuditOptions {
  const options: AuditOptions = {};
  const namespaces = namespacesOf(flags);
  if (namespaces !== undefined) options.namespaces = namespaces;
  const min = parseSeverity('--severity', flags.severity);
  if (min !== undefined) options.minSeverity = min;
  const ignore: IgnoreRule[] = [];
  for (const raw of flags.ignore ?? []) {
    try {
      ignore.push(parseIgnoreRule(raw));
    } catch (err) {
      throw new UsageError(err instanceof Error ? err.message : String(err));
    }
  }
  if (ignore.length > 0) options.ignore = ignore;
  return options;
}

export async function runAudit(options: AuditCommandOptions): Promise<CommandResult> {
  const failOn = parseSeverity('--fail-on', options.failOn);
  const auditOptions = auditOptionsOf(options);
  if (options.manifests !== undefined) {
    const { runManifestAudit } = await import('./audit-manifests.ts');
    return runManifestAudit({ ...options, manifests: options.manifests }, auditOptions, failOn);
  }
  if (options.output === 'sarif') throw new UsageError('-o sarif needs file locations: use it with --manifests DIR');
  const state = await loadState(options, { scope: 'cluster', ...(auditOptions.namespaces !== undefined ? { namespaces: auditOptions.namespaces } : {}) }, options.live);
  const doc = audit(buildModel(state), auditOptions);
  return { stdout: renderAudit(doc, options.output, options.color), exitCode: failsOn(doc, failOn) ? ExitCode.findings : ExitCode.ok };
}
