/**
 * The rules `kubehow rules` prints, checked and unit-tested by the real promtool (Debian's prometheus package):
 * `promtool check rules` on the default and customised output, and `promtool test rules` on the fixtures of
 * test/fixtures/promtool (kube-state-metrics v1 and v2 series, kubehow watch's metrics). Each unit test is
 * also run against a deliberately wrong expectation and against other rules, which promtool must reject.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { promtoolPath } from './support/tools.ts';
import { runKubehow } from './support/run-cli.ts';

const FIXTURES = fileURLToPath(new URL('fixtures/promtool/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kubehow-promtool-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function promtool(...args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(promtoolPath(), args, { cwd: dir }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolve({ code, output: stdout + stderr });
    });
  });
}

async function rules(...argv: string[]): Promise<string> {
  const r = await runKubehow(['rules', ...argv]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return r.stdout;
}

let written = 0;
/** Writes `rules` as rules.yaml beside a copy of the fixture (promtool resolves rule_files from the test file). */
function unitTest(fixture: string, rulesYaml: string, edit?: (test: TestFile) => void): string {
  written += 1;
  const sub = mkdtempSync(join(dir, `case-${written}-`));
  writeFileSync(join(sub, 'rules.yaml'), rulesYaml);
  const target = join(sub, fixture);
  if (edit === undefined) {
    copyFileSync(join(FIXTURES, fixture), target);
  } else {
    const test = parse(readFileSync(join(FIXTURES, fixture), 'utf8')) as TestFile;
    edit(test);
    writeFileSync(target, stringify(test));
  }
  return target;
}

interface AlertTest {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels: Record<string, string>; exp_annotations: Record<string, string> }[];
}
interface TestFile {
  tests: { alert_rule_test: AlertTest[] }[];
}

function alertTest(test: TestFile, alertname: string, evalTime: string): AlertTest {
  const found = test.tests.flatMap((t) => t.alert_rule_test).find((a) => a.alertname === alertname && a.eval_time === evalTime);
  if (found === undefined) throw new Error(`no ${alertname} at ${evalTime} in the fixture`);
  return found;
}

describe('promtool check rules', () => {
  it('accepts the default rules file', async () => {
    writeFileSync(join(dir, 'default.yaml'), await rules());
    const r = await promtool('check', 'rules', 'default.yaml');
    expect(r.output).toContain('SUCCESS: 11 rules found');
    expect(r.code).toBe(0);
  });

  it('accepts customised rules (threshold, selectors, severities, labels, one group)', async () => {
    writeFileSync(join(dir, 'custom.yaml'), await rules('--threshold', '1h30m', '--ksm-selector', 'cluster="prod", job=~"kube-state-metrics|ksm"', '--kubehow-selector', "namespace='kubehow'", '--severity', 'KubehowDown=critical', '--rule-label', 'team=storage', '--runbook-base-url', 'https://runbooks.example.org/kubehow/'));
    writeFileSync(join(dir, 'ksm-only.yaml'), await rules('--only', 'ksm', '--ksm-selector', ''));
    const custom = await promtool('check', 'rules', 'custom.yaml');
    expect(custom.output).toContain('SUCCESS: 11 rules found');
    const ksm = await promtool('check', 'rules', 'ksm-only.yaml');
    expect(ksm.output).toContain('SUCCESS: 2 rules found');
    expect([custom.code, ksm.code]).toEqual([0, 0]);
  });

  it('accepts the spec of the PrometheusRule, which holds the same groups', async () => {
    const object = parse(await rules('-o', 'prometheusrule', '--namespace', 'monitoring', '--label', 'release=kube-prometheus-stack')) as { spec: unknown };
    expect(object.spec).toEqual(parse(await rules()));
    writeFileSync(join(dir, 'from-object.yaml'), stringify(object.spec));
    const r = await promtool('check', 'rules', 'from-object.yaml');
    expect(r.code).toBe(0);
  });

  it('rejects a broken rules file (so the checks above can fail)', async () => {
    writeFileSync(join(dir, 'broken.yaml'), (await rules()).replace('max by (namespace, pod) (', 'max by (namespace, pod) (('));
    const r = await promtool('check', 'rules', 'broken.yaml');
    expect(r.code).not.toBe(0);
  });
});

describe('promtool test rules', () => {
  for (const fixture of ['ksm-v2.test.yaml', 'ksm-v1.test.yaml', 'kubehow.test.yaml']) {
    it(`passes ${fixture}`, async () => {
      const r = await promtool('test', 'rules', unitTest(fixture, await rules()));
      expect(r.output).toContain('SUCCESS');
      expect(r.code).toBe(0);
    });
  }

  it('fails when the stuck-pod alert is expected at 4m (before the 5m threshold)', async () => {
    const target = unitTest('ksm-v2.test.yaml', await rules(), (test) => {
      alertTest(test, 'KubePodStuckContainerCreating', '4m').exp_alerts = alertTest(test, 'KubePodStuckContainerCreating', '6m').exp_alerts;
    });
    const r = await promtool('test', 'rules', target);
    expect(r.output).toContain('FAILED');
    expect(r.code).not.toBe(0);
  });

  it('fails on kube-state-metrics v1 series when the alert is expected for the CrashLoopBackOff pod too', async () => {
    const target = unitTest('ksm-v1.test.yaml', await rules(), (test) => {
      const fired = alertTest(test, 'KubePodStuckContainerCreating', '6m');
      const first = fired.exp_alerts[0];
      if (first === undefined) throw new Error('fixture changed');
      fired.exp_alerts.push({ exp_labels: { ...first.exp_labels, pod: 'radarr-crash' }, exp_annotations: first.exp_annotations });
    });
    const r = await promtool('test', 'rules', target);
    expect(r.code).not.toBe(0);
  });

  it('fails when the fixtures meet rules generated with another threshold or severity', async () => {
    const later = await promtool('test', 'rules', unitTest('ksm-v2.test.yaml', await rules('--threshold', '10m')));
    const severity = await promtool('test', 'rules', unitTest('kubehow.test.yaml', await rules('--severity', 'KubehowDown=critical')));
    expect([later.code, severity.code].every((c) => c !== 0)).toBe(true);
  });
});
