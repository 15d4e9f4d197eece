import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { parse as parseYaml } from 'yaml';
import { InputError } from '../errors.ts';
import { AlertmanagerSink } from './alertmanager.ts';
import { createSink, createSinks, parseSinkSpec, parseSinkSpecs, type SinkDependencies } from './create-sink.ts';
import { SlackSink } from './slack.ts';
import { StdoutSink } from './stdout.ts';
import { WebhookSink } from './webhook.ts';

const SECRET_URL = 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX';

function deps(files: Record<string, string> = {}, env: Record<string, string> = {}): SinkDependencies {
  return {
    env,
    readFile: (path) => {
      const content = files[path];
      if (content === undefined) return Promise.reject(Object.assign(new Error(`ENOENT: ${path}`), { code: 'ENOENT' }));
      return Promise.resolve(content);
    },
    stdout: new PassThrough(),
    log: () => undefined,
  };
}

function errorOf(f: () => unknown): InputError {
  try {
    f();
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseSinkSpecs', () => {
  it('parses the documented YAML example with defaults filled in', () => {
    const config = parseYaml(`
sinks:
  - type: alertmanager
    urls: [http://alertmanager-0.monitoring:9093, http://alertmanager-1.monitoring:9093]
    bearerTokenFile: /var/run/secrets/kubehow/am-token
  - type: slack
    urlFile: /etc/kubehow/slack-url
  - type: slack
    flavor: mattermost
    urlEnv: KUBEHOW_MATTERMOST_URL
    maxChars: 3000
  - type: webhook
    name: pager
    url: https://pager.example.test/kubehow
    headers:
      X-Team: storage
      Authorization: {valueFile: /etc/kubehow/pager-token}
    timeoutSeconds: 5
  - type: stdout
`) as { sinks: unknown };
    expect(parseSinkSpecs(config.sinks)).toEqual([
      { type: 'alertmanager', name: 'alertmanager', queueCapacity: 1000, urls: ['http://alertmanager-0.monitoring:9093', 'http://alertmanager-1.monitoring:9093'], auth: { type: 'bearer', tokenFile: '/var/run/secrets/kubehow/am-token' }, resendIntervalMs: 60_000, timeoutMs: 10_000 },
      { type: 'slack', name: 'slack-1', queueCapacity: 1000, url: { file: '/etc/kubehow/slack-url' }, flavor: 'slack', maxChars: 3500, timeoutMs: 10_000 },
      { type: 'slack', name: 'slack-2', queueCapacity: 1000, url: { env: 'KUBEHOW_MATTERMOST_URL' }, flavor: 'mattermost', maxChars: 3000, timeoutMs: 10_000 },
      { type: 'webhook', name: 'pager', queueCapacity: 1000, url: { value: 'https://pager.example.test/kubehow' }, headers: { 'X-Team': { value: 'storage' }, Authorization: { file: '/etc/kubehow/pager-token' } }, timeoutMs: 5000 },
      { type: 'stdout', name: 'stdout', queueCapacity: 1000 },
    ]);
  });

  it('names the field in every error, and never echoes a URL', () => {
    const cases: [unknown, string][] = [
      [{ sinks: 'x' }, 'sinks: must be a list of sinks'],
      [{ sinks: [{ type: 'pagerduty' }] }, 'sinks[0].type: must be one of alertmanager, slack, webhook, stdout'],
      [{ sinks: [{ type: 'stdout' }, { type: 'slack', url: 'ftp://hooks.example.test/T0/TOKEN123' }] }, 'sinks[1].url: must be an http(s) URL'],
      [{ sinks: [{ type: 'slack', url: 'https://hooks.example.test/TOKEN123', urlFile: '/f' }] }, 'sinks[0].url: give exactly one of url, urlFile, urlEnv'],
      [{ sinks: [{ type: 'slack' }] }, 'sinks[0].url: give exactly one of url, urlFile, urlEnv'],
      [{ sinks: [{ type: 'slack', urlFile: '/f', flavor: 'teams' }] }, 'sinks[0].flavor: must be one of slack, mattermost, zulip'],
      [{ sinks: [{ type: 'slack', urlFile: '/f', channel: '#x' }] }, 'sinks[0].channel: unknown field for a slack sink'],
      [{ sinks: [{ type: 'alertmanager', urls: [] }] }, 'sinks[0].urls: must be a non-empty list'],
      [{ sinks: [{ type: 'alertmanager', urls: ['http://user:TOKEN123@am:9093'] }] }, 'sinks[0].urls[0]: must not carry credentials'],
      [{ sinks: [{ type: 'alertmanager', urls: ['http://am:9093'], basicAuth: { username: 'u', password: 'p' } }] }, 'sinks[0].basicAuth.password: unknown field'],
      [{ sinks: [{ type: 'alertmanager', urls: ['http://am:9093'], resendIntervalSeconds: 0 }] }, 'sinks[0].resendIntervalSeconds: must be a whole number from 1 to 3600'],
      [{ sinks: [{ type: 'webhook', urlEnv: 'X', headers: { 'Bad Header': 'v' } }] }, 'sinks[0].headers.Bad Header: not a valid HTTP header name'],
      [{ sinks: [{ type: 'webhook', urlEnv: 'X', headers: { A: { file: '/x' } } }] }, 'sinks[0].headers.A: must be a string, {valueFile: <path>} or {valueEnv: <variable>}'],
      [{ sinks: [{ type: 'stdout', name: 'x' }, { type: 'stdout', name: 'x' }] }, 'sinks[1].name: "x" is already used by another sink'],
    ];
    for (const [config, message] of cases) {
      const error = errorOf(() => parseSinkSpecs((config as { sinks: unknown }).sinks));
      expect(error.message).toContain(message);
      expect(error.message).not.toContain('TOKEN123');
    }
  });

  it('takes a single sink from CLI flags with a caller-chosen field name', () => {
    expect(errorOf(() => parseSinkSpec({ type: 'slack', url: 'not a url' }, '--slack-url')).message).toBe('--slack-url.url: must be an http(s) URL');
  });
});

describe('createSink', () => {
  it('builds each sink, reading secret URLs from files and the environment', async () => {
    const specs = parseSinkSpecs([
      { type: 'alertmanager', urls: ['http://127.0.0.1:9093'], resendIntervalSeconds: 30 },
      { type: 'slack', urlFile: '/etc/kubehow/slack-url', flavor: 'zulip' },
      { type: 'webhook', urlEnv: 'HOOK', headers: { Authorization: { valueEnv: 'TOKEN' } } },
      { type: 'stdout' },
    ]);
    const sinks = await createSinks(specs, deps({ '/etc/kubehow/slack-url': SECRET_URL }, { HOOK: 'http://127.0.0.1:8080/hook', TOKEN: 'Bearer t' }));
    expect(sinks.map((s) => [s.constructor, s.name, s.resendIntervalMs, s.maxBatchSize])).toEqual([
      [AlertmanagerSink, 'alertmanager', 30_000, undefined],
      [SlackSink, 'slack', undefined, 1],
      [WebhookSink, 'webhook', undefined, 1],
      [StdoutSink, 'stdout', undefined, undefined],
    ]);
  });

  it('fails start-up naming the field when a secret is missing or not a URL, without printing it', async () => {
    const [fromFile, fromEnv] = parseSinkSpecs([
      { type: 'slack', urlFile: '/etc/kubehow/slack-url' },
      { type: 'webhook', urlEnv: 'HOOK' },
    ]);
    if (fromFile === undefined || fromEnv === undefined) throw new Error('two specs expected');
    await expect(createSink(fromFile, deps(), 'sinks[0]')).rejects.toThrow('sinks[0].urlFile: cannot read /etc/kubehow/slack-url (ENOENT)');
    await expect(createSink(fromEnv, deps(), 'sinks[1]')).rejects.toThrow('sinks[1].urlEnv: environment variable HOOK is not set');
    const notUrl = await createSink(fromFile, deps({ '/etc/kubehow/slack-url': 'T000/B000/XXXXSECRETXXXX' }), 'sinks[0]').catch((e: unknown) => e);
    expect((notUrl as Error).message).toBe('sinks[0].urlFile: must be an http(s) URL');
  });
});
