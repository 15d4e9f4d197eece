import { describe, expect, it } from 'vitest';
import { alertNames, buildRules } from './prometheus-rules.ts';
import { DOCS_BASE_URL } from '../docs-links.ts';
import { FINDING_IDS } from '../checks/types.ts';
import { alertName } from '../watch/alert.ts';

const rulesOf = (file: ReturnType<typeof buildRules>) => file.groups.flatMap((g) => g.rules);

describe('buildRules', () => {
  it('emits the three groups, every alert with summary, description and a runbook under the docs base', () => {
    const file = buildRules({});
    expect(file.groups.map((g) => g.name)).toEqual(['kubehow-kube-state-metrics', 'kubehow-findings', 'kubehow-watch-health']);
    for (const rule of rulesOf(file)) {
      expect(Object.keys(rule.annotations), rule.alert).toEqual(['summary', 'description', 'runbook_url']);
      expect(rule.annotations.runbook_url.startsWith(`${DOCS_BASE_URL}/`), rule.alert).toBe(true);
    }
  });

  it('puts the threshold in the for: of the kube-state-metrics alerts and in their text', () => {
    const ksm = buildRules({ threshold: '90s', groups: ['ksm'] });
    expect(rulesOf(ksm).map((r) => [r.alert, r.for])).toEqual([['KubePodStuckContainerCreating', '90s'], ['KubePodStuckPendingAfterScheduling', '90s']]);
    expect(rulesOf(ksm).every((r) => r.annotations.summary.endsWith('more than 90s') || r.annotations.summary.includes('more than 90s after'))).toBe(true);
  });

  it('selects every series with the given selectors, and drops an empty one cleanly', () => {
    const file = buildRules({ ksmSelector: '', kubehowSelector: 'namespace="ops"' });
    const exprs = rulesOf(file).map((r) => r.expr).join('\n');
    expect(exprs).not.toContain('job="kube-state-metrics"');
    expect(exprs).not.toMatch(/\{,|, \}|\{\s*,/);
    expect(exprs).toContain('kube_pod_status_phase{phase="Pending"}');
    for (const metric of exprs.match(/kubehow_\w+\{[^}]*\}|up\{[^}]*\}/g) ?? []) expect(metric).toContain('namespace="ops"');
  });

  it('lets --severity replace a default or set one on an alert that passes the finding\'s through, and adds extra labels', () => {
    const file = buildRules({ severities: { KubehowDown: 'page', KubehowColocationExposures: 'critical' }, extraLabels: { team: 'storage', severity: 'ignored' } });
    const byName = new Map(rulesOf(file).map((r) => [r.alert, r]));
    expect(byName.get('KubehowDown')?.labels).toEqual({ team: 'storage', severity: 'page' });
    expect(byName.get('KubehowColocationExposures')?.labels).toEqual({ team: 'storage', severity: 'critical' });
    // Without an override the finding's own severity label comes through the expression.
    expect(buildRules({}).groups[1]?.rules.find((r) => r.alert === 'KubehowFinding')?.labels).toBeUndefined();
  });

  it('points the generic finding alert at the page of the finding it reports', () => {
    const rule = rulesOf(buildRules({ runbookBaseUrl: 'https://docs.example.org/kubehow///' })).find((r) => r.alert === 'KubehowFinding');
    expect(rule?.annotations.runbook_url).toBe('https://docs.example.org/kubehow/findings/{{ $labels.id }}.md');
  });

  it('rejects what Prometheus would reject, naming the flag', () => {
    expect(() => buildRules({ threshold: '5 minutes' })).toThrow(/--threshold/);
    expect(() => buildRules({ threshold: '0s' })).toThrow(/--threshold/);
    expect(() => buildRules({ ksmSelector: 'job=kube-state-metrics' })).toThrow(/--ksm-selector/);
    expect(() => buildRules({ ksmSelector: '{job="ksm"}' })).toThrow(/--ksm-selector/);
    expect(() => buildRules({ kubehowSelector: '' })).toThrow(/--kubehow-selector/);
    expect(() => buildRules({ runbookBaseUrl: 'docs/' })).toThrow(/--runbook-base-url/);
    expect(() => buildRules({ severities: { KubehowNope: 'critical' } })).toThrow(/KubehowNope/);
    expect(() => buildRules({ extraLabels: { 'bad-name': 'x' } })).toThrow(/--rule-label/);
    expect(() => buildRules({ groups: [] })).toThrow(/--only/);
  });

  it('lists its alert names, none of them the name of an alert the watcher sends itself', () => {
    expect(alertNames()).toContain('KubePodStuckContainerCreating');
    expect(new Set(alertNames()).size).toBe(alertNames().length);
    const watcherNames = FINDING_IDS.map(alertName);
    expect(watcherNames).toContain('KubehowColocationExposure');
    expect(alertNames().filter((name) => watcherNames.includes(name))).toEqual([]);
  });
});
