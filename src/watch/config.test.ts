import { describe, expect, it } from 'vitest';
import { defaultWatchConfig, parseOverrideFlag, parseWatchConfig, stuckThresholdOf } from './config.ts';

const pod = (namespace: string, labels: Record<string, string> = {}) => ({ metadata: { namespace, labels } });

describe('watch config', () => {
  it('reads every setting and keeps defaults for the rest', () => {
    const config = parseWatchConfig(
      [
        'stuckAfter: 10m',
        'stuckOverrides:',
        '  - labels: {app.kubernetes.io/name: trainer}',
        '    after: 1h',
        '  - namespace: ml',
        '    after: 30m',
        'detectors: [stuck-pod, colocation-exposure]',
        'restartStorm: {restarts: 3, window: 30m}',
        'repeatInterval: 2h',
        'for: {target-not-ready: 2m}',
        'docsBaseUrl: https://docs.example.org/kubehow/',
        'listen: 127.0.0.1:9102',
        'namespaces: [media, openebs]',
        'sinks: [{type: stdout}]',
      ].join('\n'),
      'config.yaml',
    );
    expect(config).toMatchObject({
      stuckAfterMs: 600_000,
      restartStormRestarts: 3,
      restartWindowMs: 1_800_000,
      detectors: ['stuck-pod', 'colocation-exposure'],
      repeatIntervalMs: 7_200_000,
      docsBaseUrl: 'https://docs.example.org/kubehow',
      listen: '127.0.0.1:9102',
      namespaces: ['media', 'openebs'],
      sinks: [{ type: 'stdout' }],
      passIntervalMs: defaultWatchConfig().passIntervalMs,
    });
    expect(config.forMs['target-not-ready']).toBe(120_000);
    expect(config.forMs['stuck-pod']).toBe(0);
    const threshold = stuckThresholdOf(config);
    expect(threshold(pod('ml', { 'app.kubernetes.io/name': 'trainer' }))).toBe(3_600_000);
    expect(threshold(pod('ml'))).toBe(1_800_000);
    expect(threshold(pod('media'))).toBe(600_000);
  });

  it('an empty file is the defaults', () => {
    expect(parseWatchConfig('', 'c.yaml')).toEqual(defaultWatchConfig());
    expect(parseWatchConfig('# nothing set\n', 'c.yaml')).toEqual(defaultWatchConfig());
  });

  it('names the file and the field of every mistake', () => {
    const cases: [string, RegExp][] = [
      ['stuckAfter: 5 minutes', /^c\.yaml: stuckAfter: expected a duration such as 90s, 5m or 1h30m, got "5 minutes"$/],
      ['stuckAfer: 5m', /^c\.yaml: stuckAfer: unknown setting; expected one of stuckAfter, /],
      ['detectors: [stuck-pod, hairpin]', /^c\.yaml: detectors\[1\]: unknown detector "hairpin"/],
      ['stuckOverrides: [{namespace: ml}]', /^c\.yaml: stuckOverrides\[0\]\.after: expected a duration/],
      ['stuckOverrides: [{namespace: ml, labels: {a: b}, after: 1m}]', /^c\.yaml: stuckOverrides\[0\]: set exactly one of namespace and labels$/],
      ['stuckOverrides: [{namespace: ml, after: 1m, selector: x}]', /^c\.yaml: stuckOverrides\[0\]\.selector: unknown field/],
      ['restartStorm: {restarts: 0}', /^c\.yaml: restartStorm\.restarts: expected a whole number of restarts, at least 1$/],
      ['restartStorm: {window: 10s}', /^c\.yaml: restartStorm\.window: must be at least 1m$/],
      ['listen: 9090', /^c\.yaml: listen: expected host:port/],
      ['listen: "0.0.0.0:99999"', /^c\.yaml: listen: expected host:port/],
      ['docsBaseUrl: file:///etc/passwd', /^c\.yaml: docsBaseUrl: expected an http\(s\) URL/],
      ['repeatInterval: 10s', /^c\.yaml: repeatInterval: must be at least 1m$/],
      ['for: {stuck-pods: 1m}', /^c\.yaml: for\.stuck-pods: unknown detector/],
      ['- just a list', /^c\.yaml: \(top level\): expected a map of settings$/],
      ['a: 1\na: 2', /^c\.yaml: Map keys must be unique/],
    ];
    for (const [text, message] of cases) expect(() => parseWatchConfig(text, 'c.yaml'), text).toThrow(message);
  });

  it('reads the override flags', () => {
    expect(parseOverrideFlag('--stuck-after-namespace', 'ml:30m', 'namespace')).toEqual({ namespace: 'ml', afterMs: 1_800_000 });
    expect(parseOverrideFlag('--stuck-after-label', 'app.kubernetes.io/name=trainer:1h', 'label')).toEqual({ labels: { 'app.kubernetes.io/name': 'trainer' }, afterMs: 3_600_000 });
    expect(() => parseOverrideFlag('--stuck-after-label', 'trainer:1h', 'label')).toThrow(/--stuck-after-label: "trainer:1h": expected <key>=<value>:<duration>/);
    expect(() => parseOverrideFlag('--stuck-after-namespace', 'ml', 'namespace')).toThrow(/expected <namespace>:<duration>/);
  });
});
