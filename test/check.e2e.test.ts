/**
 * `kubehow check`, the Nagios / NRPE plugin mode, from the command line: the seed snapshot, built clusters, the test
 * API server (forbidden kinds, a dead server, a slow one), and a real process run the way NRPE runs it.
 * Every output is held to the guidelines' grammar by test/support/plugin-output.ts.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { NOW, OUTPUT_FILE } from '../examples/generate.ts';
import type { KubeObject } from '../src/sources/types.ts';
import { ClusterBuilder, crashLoop, running } from './support/cluster-builder.ts';
import { parsePluginOutput, type PluginOutput } from './support/plugin-output.ts';
import { runKubehow, seedObjects, startServer, type LiveFixture } from './support/live.ts';

const dir = mkdtempSync(join(tmpdir(), 'kubehow-check-'));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

let fixture: LiveFixture | undefined;
afterEach(async () => {
  await fixture?.stop();
  fixture = undefined;
});

const clock = { clock: () => Date.parse(NOW) };

function snapshotOf(name: string, objects: readonly KubeObject[]): string {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  return file;
}

async function check(...argv: string[]): Promise<{ code: number; out: PluginOutput; stdout: string }> {
  const r = await runKubehow(['check', ...argv], clock);
  return { code: r.code, out: parsePluginOutput(r.stdout), stdout: r.stdout };
}

function perf(out: PluginOutput): Record<string, string> {
  return Object.fromEntries(out.perfdata.map((d) => [d.label, `${d.value};${d.warn};${d.crit};${d.min}`]));
}

describe('kubehow check on a snapshot', () => {
  it('the seed incident is CRITICAL (exit 2), naming the stuck pod, with every metric as performance data', async () => {
    const { code, out } = await check('--snapshot', OUTPUT_FILE);
    expect(code).toBe(2);
    expect(out.state).toBe('CRITICAL');
    expect(out.text).toMatch(/^1 stuck pod: media\/sonarr-dd4cb4f69-8kmhv in ContainerCreating for \d+m on k8s03; 1 critical finding: colocation-exposure media\/sonarr on k8s03/);
    expect(perf(out)).toMatchObject({ stuck_pods: '1;;0;0', colocation_exposures: '1;0;;0', findings_critical: '1;;0;0' });
    expect(Number(perf(out).restart_storms?.split(';')[0])).toBeGreaterThan(0);
    // What set the state comes first: the critical co-location, then the stuck pod (CRITICAL through stuck_pods) before
    // restart storms of the same severity that only warn.
    expect(out.longText[0]).toMatch(/^CRITICAL colocation-exposure: Deployment media\/sonarr runs on k8s03/);
    expect(out.longText[1]).toMatch(/^HIGH stuck-pod: Pod media\/sonarr-dd4cb4f69-8kmhv has been in ContainerCreating/);
    expect(out.longText).toContainEqual(expect.stringContaining('`kubehow diagnose media/sonarr-dd4cb4f69-8kmhv`'));
  });

  it('a healthy cluster is OK (exit 0) and says what it looked at', async () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.node('n2');
    c.deployment('media/app', { image: 'x', node: 'n1', state: running() });
    const { code, out } = await check('--snapshot', snapshotOf('healthy', c.objects()), '--now', NOW);
    expect(code).toBe(0);
    expect(out.state).toBe('OK');
    expect(out.text).toBe('no problem found in 1 pod on 2 nodes');
    expect(out.perfdata.every((d) => d.value === '0')).toBe(true);
    // A plain List says nothing about what was collected: the kinds it lacks are named, the state stays OK.
    expect(out.longText).toEqual(['note: not in the snapshot, so not checked: EndpointSlice, Endpoints, Event, PersistentVolume, PersistentVolumeClaim, Service (none exist, or they were not collected)']);
  });

  it('a restart storm alone is WARNING (exit 1)', async () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.deployment('openebs/provisioner', { image: 'x', node: 'n1', state: crashLoop(40) });
    const { code, out } = await check('--snapshot', snapshotOf('storm', c.objects()), '--now', NOW);
    expect(code).toBe(1);
    expect(out.text).toMatch(/^1 restart storm: openebs\/provisioner-\S+ on n1$/);
    expect(perf(out).restart_storms).toBe('1;0;;0');
  });

  it('thresholds change the state: -c, --warningx/--criticalx, an empty range removing a default', async () => {
    const seed = ['--snapshot', OUTPUT_FILE];
    expect((await check(...seed, '-c', '5', '--criticalx', 'findings_critical=')).code).toBe(1);
    const quiet = ['--warningx', 'colocation_exposures=', '--warningx', 'restart_storms=', '--warningx', 'nodes_disk_pressure=', '--warningx', 'findings_high='];
    const ok = await check(...seed, '-c', '5', '--criticalx', 'findings_critical=', ...quiet);
    expect(ok.code).toBe(0);
    expect(ok.out.text).toMatch(/^\d+ findings below the thresholds in \d+ pods on 3 nodes$/);
    expect(perf(ok.out).stuck_pods).toBe('1;;5;0');
    const inside = await check(...seed, '--metric', 'restart_storms', '-w', '@1:100');
    expect(inside.code).toBe(2);
    expect(perf(inside.out).restart_storms).toMatch(/;@1:100;;0$/);
    expect((await check(...seed, '--checks', 'restart-storm', '--criticalx', 'restart_storms=3')).code).toBe(2);
  });

  it('-n and --checks narrow what is judged', async () => {
    const { code, out } = await check('--snapshot', OUTPUT_FILE, '-n', 'openebs', '--checks', 'stuck-pod');
    expect(code).toBe(0);
    expect(out.perfdata.map((d) => d.label)).toEqual(['stuck_pods', 'findings_critical', 'findings_high', 'findings_warning']);
  });

  it('--max-lines and -v shape the long text', async () => {
    const capped = await check('--snapshot', OUTPUT_FILE, '--max-lines', '2');
    expect(capped.out.longText).toHaveLength(2);
    expect(capped.out.longText[1]).toMatch(/^… \d+ more lines/);
    const nrpe2 = await check('--snapshot', OUTPUT_FILE, '--max-bytes', '1000');
    expect(new TextEncoder().encode(nrpe2.stdout).length).toBeLessThanOrEqual(1000);
    expect(nrpe2.out.perfdata).toHaveLength(8);
    const verbose = await check('--snapshot', OUTPUT_FILE, '-vv');
    expect(verbose.out.longText).toContain('checks: stuck-pod, colocation-exposure, target-not-ready, restart-storm, node-disk-pressure');
    expect(verbose.out.longText).toContain('threshold stuck_pods: warning (none), critical 0');
  });
});

describe('kubehow check: UNKNOWN (exit 3) whenever it cannot judge', () => {
  it.each([
    [['--bogus'], /^unknown option '--bogus'/],
    [['-w', 'abc', '--snapshot', OUTPUT_FILE], /^threshold range "abc"/],
    [['--checks', 'nope', '--snapshot', OUTPUT_FILE], /^--checks: unknown check "nope"/],
    [['--warningx', 'nope=1', '--snapshot', OUTPUT_FILE], /^unknown metric "nope"/],
    [['-t', '0', '--snapshot', OUTPUT_FILE], /^-t "0"/],
    [['--max-lines', 'many', '--snapshot', OUTPUT_FILE], /^--max-lines "many"/],
    [['--snapshot', join(dir, 'missing.json')], /missing\.json/],
    [[], /^no cluster configured/],
  ])('%j', async (argv, message) => {
    const { code, out } = await check(...argv);
    expect(code).toBe(3);
    expect(out.state).toBe('UNKNOWN');
    expect(out.text).toMatch(message);
  });

  it('--help is UNKNOWN too (the guidelines), while other commands keep their exit codes', async () => {
    const help = await runKubehow(['check', '--help']);
    expect(help.code).toBe(3);
    expect(help.stdout).toContain('Metrics (performance data, counts) and default thresholds');
    expect((await runKubehow(['audit', '--bogus'])).code).toBe(2);
    expect((await runKubehow(['--help'])).code).toBe(0);
  });

  it('an API server that is down: UNKNOWN naming it', async () => {
    fixture = await startServer({ objects: [] });
    await fixture.server.stop();
    const { code, out } = await check('--kubeconfig', fixture.kubeconfig);
    expect(code).toBe(3);
    expect(out.text).toMatch(/^the API server http:\/\/127\.0\.0\.1:\d+ \(context "test-context"\) cannot be reached/);
  });

  it('refused credentials: UNKNOWN', async () => {
    fixture = await startServer({ objects: seedObjects(), token: 'right' });
    writeFileSync(fixture.kubeconfig, fixture.server.kubeconfig({ token: 'wrong' }));
    const { code, out } = await check('--kubeconfig', fixture.kubeconfig);
    expect(code).toBe(3);
    expect(out.text).toContain('refused our credentials (401 Unauthorized)');
  });

  it('-t: a server slower than the timeout is UNKNOWN saying so, or the state given after the colon', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { verb: 'list', resource: 'pods' }, delayMs: 10_000 });
    const unknown = await check('--kubeconfig', fixture.kubeconfig, '-t', '0.5');
    expect(unknown.code).toBe(3);
    expect(unknown.out.text).toBe('no answer within the 0.5 s timeout (-t): the cluster was not judged');
    const critical = await check('--kubeconfig', fixture.kubeconfig, '-t', '0.5:critical');
    expect(critical.code).toBe(2);
    expect(critical.out.state).toBe('CRITICAL');
  });
});

describe('kubehow check on a live cluster', () => {
  it('judges the seed served by the API server as it judges the snapshot', async () => {
    fixture = await startServer({ objects: seedObjects() });
    const live = await check('--kubeconfig', fixture.kubeconfig);
    const offline = await check('--snapshot', OUTPUT_FILE);
    expect(live.code).toBe(2);
    expect(live.out.perfdata).toEqual(offline.out.perfdata);
    expect(fixture.server.requests.some((r) => r.resource === 'secrets')).toBe(false);
  });

  it('a kind RBAC forbids: named in the output; UNKNOWN when nothing worse is found, or --unreadable\'s state', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { resource: 'nodes' }, status: 403 });
    const seen = await check('--kubeconfig', fixture.kubeconfig);
    expect(seen.code).toBe(2);
    expect(seen.out.longText[0]).toMatch(/^UNKNOWN could not check: .*nodes.*forbidden/);
    const disk = await check('--kubeconfig', fixture.kubeconfig, '--checks', 'node-disk-pressure');
    expect(disk.code).toBe(3);
    expect(disk.out.text).toMatch(/^could not check everything: .*nodes.*forbidden/);
    expect(perf(disk.out).nodes_disk_pressure).toBe('0;0;;0');
    expect((await check('--kubeconfig', fixture.kubeconfig, '--checks', 'node-disk-pressure', '--unreadable', 'warning')).code).toBe(1);
  });
});

describe('kubehow check run the way NRPE runs it', () => {
  const main = new URL('../src/cli/main.ts', import.meta.url).pathname;
  const sh = (command: string): Promise<{ code: number; stdout: string }> =>
    new Promise((resolve) => {
      // NRPE runs the command line through /bin/sh (popen) and reads stdout and the exit status only.
      execFile('/bin/sh', ['-c', command], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir } }, (err, stdout) => {
        resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout });
      });
    });

  it('command[check_kubehow]=… on the seed snapshot: exit 2 and a well-formed answer', async () => {
    const r = await sh(`'${process.execPath}' '${main}' check --snapshot '${OUTPUT_FILE}' -t 20 --max-lines 5`);
    expect(r.code).toBe(2);
    const out = parsePluginOutput(r.stdout);
    expect(out.state).toBe('CRITICAL');
    expect(out.longText).toHaveLength(5);
  });

  it('the process ends at the -t deadline even with API requests still in flight', async () => {
    fixture = await startServer({ objects: seedObjects() });
    fixture.server.faults.push({ match: { verb: 'list', resource: 'pods' }, delayMs: 60_000 });
    const r = await sh(`'${process.execPath}' '${main}' check --kubeconfig '${fixture.kubeconfig}' -t 2`);
    expect(r.code).toBe(3);
    expect(parsePluginOutput(r.stdout).text).toBe('no answer within the 2 s timeout (-t): the cluster was not judged');
    // A process that lingered after answering would have retried the stalled list (5 attempts) before ending; a busy
    // machine may start it so late that the deadline comes before the first list.
    expect(fixture.server.requests.filter((q) => q.verb === 'list' && q.resource === 'pods').length).toBeLessThanOrEqual(1);
  }, 20_000);
});
