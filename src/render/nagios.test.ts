import { describe, expect, it } from 'vitest';
import { parsePluginOutput } from '../../test/support/plugin-output.ts';
import { ClusterBuilder, crashLoop, waiting } from '../../test/support/cluster-builder.ts';
import { NOW } from '../../test/support/scenarios.ts';
import { stateOf } from '../../test/support/state.ts';
import { buildModel } from '../model/model.ts';
import { runChecks } from '../checks/run.ts';
import { CHECKS } from '../checks/registry.ts';
import { DEFAULT_CHECK_IDS, evaluate, metricsFor, resolveThresholds, type PluginResult } from '../check/plugin-status.ts';
import { findingHeadline } from '../check/headline.ts';
import { STATUS_TEXT_MAX, perfDatum, perfLabel, pluginText, renderPluginOutput, renderUnknown, type PluginRenderOptions } from './nagios.ts';

const NONE = { warning: new Map<string, string>(), critical: new Map<string, string>() };

function troubled(stormPods: number): { result: PluginResult; options: PluginRenderOptions } {
  const c = new ClusterBuilder({ now: NOW });
  c.node('k8s03');
  c.deployment('media/sonarr', { image: 'x', node: 'k8s03', state: waiting('ContainerCreating'), podCreated: '-45m' });
  for (let i = 0; i < stormPods; i += 1) c.deployment(`openebs/storm${String(i)}`, { image: 'x', node: 'k8s03', state: crashLoop(20 + i) });
  const model = buildModel(stateOf(c.objects(), NOW));
  const checks = CHECKS.filter((k) => DEFAULT_CHECK_IDS.includes(k.id));
  const metrics = metricsFor(checks.map((k) => k.id));
  const findings = runChecks(model, checks);
  const result = evaluate({ metrics, thresholds: resolveThresholds(metrics, NONE), findings, problems: [] });
  return { result, options: { verbosity: 0, maxLines: 20, headline: (f) => findingHeadline(model, f), scope: 'test', configuration: ['source: test'] } };
}

describe('plugin output', () => {
  it('one status line with every metric as performance data, then one line per finding', () => {
    const { result, options } = troubled(2);
    const out = parsePluginOutput(renderPluginOutput(result, options));
    expect(out).toMatchObject({ service: 'KUBEHOW', state: 'CRITICAL' });
    expect(out.text).toMatch(/^1 stuck pod: media\/sonarr-\S+ in ContainerCreating for 45m on k8s03; 2 restart storms; /);
    expect(out.perfdata.find((d) => d.label === 'stuck_pods')).toEqual({ label: 'stuck_pods', value: '1', uom: '', warn: '', crit: '0', min: '0', max: '' });
    expect(out.perfdata.find((d) => d.label === 'restart_storms')).toMatchObject({ value: '2', warn: '0', crit: '' });
    expect(out.perfdata.map((d) => d.label)).toEqual(result.metrics.map((m) => m.label));
    expect(out.longText).toHaveLength(result.findings.length);
    expect(out.longText[0]).toMatch(/^HIGH stuck-pod: .*kubehow diagnose media\/sonarr-/);
  });

  it('--max-lines caps the long text, the "more" line included; 0 leaves the status line alone', () => {
    const { result, options } = troubled(6);
    const capped = parsePluginOutput(renderPluginOutput(result, { ...options, maxLines: 3 }));
    expect(capped.longText).toHaveLength(3);
    expect(capped.longText[2]).toBe(`… ${String(result.findings.length - 2)} more lines (raise --max-lines, or run kubehow audit)`);
    expect(parsePluginOutput(renderPluginOutput(result, { ...options, maxLines: 0 })).longText).toEqual([]);
  });

  it('--max-bytes drops whole detail lines until the answer fits, never the first line', () => {
    const { result, options } = troubled(6);
    const full = renderPluginOutput(result, options);
    const limit = 1000;
    expect(new TextEncoder().encode(full).length).toBeGreaterThan(limit);
    const fitted = renderPluginOutput(result, { ...options, maxBytes: limit });
    expect(new TextEncoder().encode(fitted).length).toBeLessThanOrEqual(limit);
    const out = parsePluginOutput(fitted);
    expect(fitted.split('\n')[0]).toBe(full.split('\n')[0]);
    expect(out.longText.at(-1)).toMatch(/^… \d+ more lines/);
    expect(out.longText.slice(0, -1).every((l) => full.includes(`${l}\n`))).toBe(true);
    // Too small even for the "more" line: the first line alone.
    expect(renderPluginOutput(result, { ...options, maxBytes: 10 })).toBe(`${full.split('\n')[0] ?? ''}\n`);
  });

  it('-v names every alerting metric; -vv adds the configuration; -vvv each finding\'s evidence', () => {
    const { result, options } = troubled(1);
    expect(parsePluginOutput(renderPluginOutput(result, options)).text).toContain('1 restart storm;');
    expect(parsePluginOutput(renderPluginOutput(result, { ...options, verbosity: 1 })).text).toMatch(/1 restart storm: openebs\/storm0-\S+ on k8s03/);
    expect(parsePluginOutput(renderPluginOutput(result, { ...options, verbosity: 2 })).longText).toContain('source: test');
    expect(parsePluginOutput(renderPluginOutput(result, { ...options, verbosity: 3 })).longText.some((l) => l.startsWith('  - '))).toBe(true);
  });

  it('the status text is cut short; the performance data never is', () => {
    const { result, options } = troubled(1);
    const long = renderPluginOutput(result, { ...options, headline: () => 'x'.repeat(500) });
    const out = parsePluginOutput(long);
    expect(out.text.length).toBe(STATUS_TEXT_MAX);
    expect(out.text.endsWith('…')).toBe(true);
    expect(out.perfdata).toHaveLength(result.metrics.length);
  });

  it('cluster text can neither open performance data nor break the line', () => {
    expect(pluginText('a | b\nc')).toBe('a / b c');
    expect(parsePluginOutput(renderUnknown('the API said: x|y\nz')).text).toBe('the API said: x/y z');
  });

  it('labels: quoted with spaces, refused with = or \'', () => {
    expect(perfLabel('stuck_pods')).toBe('stuck_pods');
    expect(perfLabel('stuck pods')).toBe("'stuck pods'");
    expect(() => perfLabel("a'b")).toThrow();
    expect(() => perfLabel('a=b')).toThrow();
    expect(perfDatum({ label: 'x', value: 3, noun: ['x', 'xs'], thresholds: {}, state: 'OK', findings: [] })).toBe('x=3;;;0');
  });
});
