/** SARIF 2.1.0 for `audit --manifests`, so code-scanning tools annotate the pull request at file and line. */
import type { Log, ReportingDescriptor, Result } from 'sarif';
import type { Audit } from '../checks/audit.ts';
import type { Finding, Severity } from '../checks/types.ts';
import { sanitize } from './style.ts';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

function level(severity: Severity): Result['level'] {
  return severity === 'critical' || severity === 'high' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

function rule(f: Finding): ReportingDescriptor {
  // kubehow ships its finding pages in the package (docs/findings); no URL is claimed for them.
  return { id: f.id, name: f.id, shortDescription: { text: f.title }, help: { text: `What it means, the evidence, how to fix and prevent it: docs/findings/${f.id}.md in the kubehow package.` } };
}

/** One run, one rule per finding id present, one result per finding that has a location. */
export function renderSarif(a: Audit, version: string): string {
  const located = a.findings.filter((f) => f.location !== undefined);
  const rules = new Map<string, ReportingDescriptor>();
  for (const f of located) if (!rules.has(f.id)) rules.set(f.id, rule(f));
  const ruleIds = [...rules.keys()];
  const results: Result[] = located.map((f) => ({
    ruleId: f.id,
    ruleIndex: ruleIds.indexOf(f.id),
    level: level(f.severity),
    message: { text: sanitize(f.summary) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: f.location?.file ?? '', uriBaseId: '%SRCROOT%' },
          region: { startLine: f.location?.line ?? 1, startColumn: f.location?.column ?? 1 },
        },
      },
    ],
    properties: { severity: f.severity, subject: f.subject },
  }));
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{ tool: { driver: { name: 'kubehow', version, rules: [...rules.values()] } }, results }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
