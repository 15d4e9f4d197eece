/** `kubehow audit --manifests DIR`: which workload files in a repository lack protection, against a snapshot or the live cluster. */
import { buildModel } from '../../model/model.ts';
import { auditFindings, failsOn, type AuditOptions } from '../../checks/audit.ts';
import { manifestExposures } from '../../checks/manifest-exposures.ts';
import type { Severity } from '../../checks/types.ts';
import { readManifests } from '../../sources/manifests/read-manifests.ts';
import { renderAudit } from '../../render/audit.ts';
import { renderSarif } from '../../render/sarif.ts';
import { ExitCode } from '../../errors.ts';
import { loadState } from '../source-options.ts';
import type { AuditCommandOptions } from './audit.ts';
import type { CommandResult } from './diagnose.ts';

export async function runManifestAudit(options: AuditCommandOptions & { manifests: string; version?: string }, auditOptions: AuditOptions, failOn: Severity | undefined): Promise<CommandResult> {
  const workloads = await readManifests(options.manifests);
  const state = await loadState(options, { scope: 'cluster' }, options.live);
  const model = buildModel(state);
  const { findings, notes } = manifestExposures(model, workloads, options.manifestsNamespace ?? 'default');
  const doc = auditFindings(model, findings, auditOptions);
  doc.notes.push({ kind: 'manifests', message: `read ${workloads.length} workload(s) from ${options.manifests}` }, ...notes.map((message) => ({ kind: 'data-path', message })));
  const stdout = options.output === 'sarif' ? renderSarif(doc, options.version ?? '0.0.0') : renderAudit(doc, options.output, options.color);
  return { stdout, exitCode: failsOn(doc, failOn) ? ExitCode.findings : ExitCode.ok };
}
