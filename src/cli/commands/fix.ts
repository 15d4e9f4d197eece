/**
 * `kubehow fix`: for every unprotected exposure, the anti-affinity rule that removes it, described first;
 * as patch YAML, a kustomize overlay or kubectl commands; applied to the live cluster only with `--apply`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { stringify } from 'yaml';
import { buildModel } from '../../model/model.ts';
import { unprotectedExposures } from '../../checks/exposures.ts';
import { auditOptionsOf, type AuditFilterFlags } from './audit.ts';
import { globToRegExp } from '../../checks/audit.ts';
import { antiAffinityFixes, type AntiAffinityFix, type FixSide, type UnfixableExposure } from '../../fixes/anti-affinity.ts';
import { kubectlCommands, kustomizeOverlay, patchesYaml } from '../../fixes/formats.ts';
import { describeRef } from '../../model/refs.ts';
import { sanitize } from '../../render/style.ts';
import { ExitCode, UsageError } from '../../errors.ts';
import { loadState, type LoadStateOptions, type SourceFlags } from '../source-options.ts';
import type { PatchTarget } from '../apply/patch-target.ts';
import type { CommandResult } from './diagnose.ts';
import type { Model } from '../../model/model.ts';

export const FIX_FORMATS = ['text', 'yaml', 'json', 'kubectl', 'kustomize'] as const;
export type FixFormat = (typeof FIX_FORMATS)[number];

export interface FixCommandOptions extends SourceFlags, AuditFilterFlags {
  output: FixFormat;
  /** Environment of a live read (tests inject it). */
  live?: LoadStateOptions;
  required?: boolean;
  side?: string;
  /** Kustomize output directory (required with -o kustomize). */
  out?: string;
  /** `bases:` of the overlay, relative to it. */
  base?: readonly string[];
  apply?: boolean;
  /** Injected for tests; by default built from --kubeconfig/--context. */
  patchTarget?: PatchTarget;
}

function sidesOf(side: string | undefined): FixSide[] {
  switch (side ?? 'consumer') {
    case 'consumer':
      return ['consumer'];
    case 'target':
      return ['target'];
    case 'both':
      return ['consumer', 'target'];
    default:
      throw new UsageError(`--side ${JSON.stringify(side)}: expected consumer, target or both`);
  }
}

/** The fixes for a model, filtered like `audit` (namespaces of the workload, --ignore on missing-anti-affinity). */
export function fixesFor(model: Model, options: Pick<FixCommandOptions, 'namespace' | 'ignore' | 'required' | 'side'>): { fixes: AntiAffinityFix[]; unfixable: UnfixableExposure[] } {
  const filters = auditOptionsOf(options);
  const namespaces = filters.namespaces !== undefined ? new Set(filters.namespaces) : undefined;
  const ignore = (filters.ignore ?? []).filter((r) => r.id === '*' || r.id === 'missing-anti-affinity' || r.id === 'colocation-exposure');
  const exposures = unprotectedExposures(model).filter((e) => {
    const path = e.workload.namespace !== undefined ? `${e.workload.namespace}/${e.workload.name}` : e.workload.name;
    if (namespaces !== undefined && !namespaces.has(e.workload.namespace ?? '')) return false;
    return !ignore.some((r) => globToRegExp(r.pattern).test(path));
  });
  return antiAffinityFixes(model, exposures, { strength: options.required === true ? 'required' : 'preferred', sides: sidesOf(options.side) });
}

function describeText(fixes: readonly AntiAffinityFix[], unfixable: readonly UnfixableExposure[]): string {
  const out: string[] = [];
  if (fixes.length === 0 && unfixable.length === 0) out.push('Nothing to fix: every workload mounting a Service-fronted volume is kept off its target\'s node.');
  for (const f of fixes) {
    out.push(`${describeRef(f.target)} (${f.side} side, ${f.strength})`, `  ${f.description}`);
    for (const w of f.warnings) out.push(`  WARNING: ${w}`);
    if (f.operatorSetting !== undefined) out.push(`  Use instead: ${f.operatorSetting}`);
    out.push('  Patch (strategic merge):', ...stringify(f.patch).trimEnd().split('\n').map((l) => `    ${l}`), '');
  }
  for (const u of unfixable) out.push(`${describeRef(u.subject)} (${u.side} side, volume ${u.volume}): no patch: ${u.reason}`);
  out.push('', 'Nothing was changed. Output as -o yaml | kubectl | kustomize --out DIR for your GitOps repository, or --apply to patch the live cluster.');
  return `${sanitize(out.join('\n')).trimEnd()}\n`;
}

async function writeOverlay(dir: string, files: ReadonlyMap<string, string>): Promise<void> {
  for (const [name, content] of files) {
    const path = join(dir, name);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

export async function runFix(options: FixCommandOptions): Promise<CommandResult> {
  if (options.output === 'kustomize' && options.out === undefined) throw new UsageError('-o kustomize writes a directory: pass --out DIR');
  if (options.apply === true && options.snapshot !== undefined && options.snapshot.length > 0) {
    throw new UsageError('--apply patches the live cluster, and a patch carries the workload\'s current anti-affinity terms: compute it from the live cluster (drop --snapshot), not from a snapshot that may be stale');
  }
  const filters = auditOptionsOf(options);
  const state = await loadState(options, { scope: 'cluster', ...(filters.namespaces !== undefined ? { namespaces: filters.namespaces } : {}) }, options.live);
  const { fixes, unfixable } = fixesFor(buildModel(state), options);
  let stdout: string;
  switch (options.output) {
    case 'text':
      stdout = describeText(fixes, unfixable);
      break;
    case 'yaml':
      stdout = fixes.length > 0 ? patchesYaml(fixes) : '';
      break;
    case 'json':
      stdout = `${JSON.stringify({ apiVersion: 'kubehow/v1alpha1', kind: 'FixPlan', observedAt: state.observedAt, fixes, unfixable }, null, 2)}\n`;
      break;
    case 'kubectl':
      stdout = fixes.length > 0 ? kubectlCommands(fixes) : '';
      break;
    case 'kustomize': {
      const dir = options.out ?? '';
      await writeOverlay(dir, kustomizeOverlay(fixes, options.base !== undefined && options.base.length > 0 ? { bases: options.base } : {}));
      stdout = `wrote ${dir}/kustomization.yaml and ${fixes.length} patch(es) under ${dir}/patches/\n`;
      break;
    }
  }
  if (options.apply !== true) return { stdout, exitCode: ExitCode.ok };
  // Loaded only here: @kubernetes/client-node is large, and every other command starts faster without it.
  const { applyFixes, kubePatchTarget } = await import('../apply/patch-target.ts');
  const target = options.patchTarget ?? kubePatchTarget(options);
  const results = await applyFixes(target, fixes);
  const report = results.map((r) => `${r.outcome === 'applied' ? 'applied' : r.outcome === 'dry-run-failed' ? 'NOT applied (server dry run failed)' : 'FAILED'}: ${describeRef(r.fix.target)}${r.error !== undefined ? `: ${r.error}` : ''}`);
  const failed = results.some((r) => r.outcome !== 'applied');
  return { stdout: `${stdout}\nApplying to ${target.describe} (server-side dry run first):\n${sanitize(report.join('\n'))}\n`, exitCode: failed ? ExitCode.findings : ExitCode.ok };
}
