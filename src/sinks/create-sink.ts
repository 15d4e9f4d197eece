/**
 * Sink configuration: a validating parser from plain data (the YAML config and CLI flags both produce it) and a
 * factory. Errors name the field (`sinks[1].url: must be an http(s) URL`) and never echo a URL: webhook URLs carry
 * tokens, so they may also come from a file (`urlFile`, a mounted Secret) or an environment variable (`urlEnv`).
 */
import { readFile as readFileFromDisk } from 'node:fs/promises';
import { InputError } from '../errors.ts';
import { isRecord } from '../kube/read.ts';
import type { Sink } from '../watch/alert.ts';
import { AlertmanagerSink, DEFAULT_ALERTMANAGER_RESEND_MS } from './alertmanager.ts';
import type { AlertmanagerAuth } from './alertmanager.ts';
import { CHAT_FLAVORS, DEFAULT_CHAT_TEXT_LIMIT, SlackSink } from './slack.ts';
import type { ChatFlavor } from './slack.ts';
import { StdoutSink } from './stdout.ts';
import type { LineWriter } from './stdout.ts';
import { WebhookSink } from './webhook.ts';
import { DEFAULT_QUEUE_CAPACITY } from './delivery-queue.ts';

/** Where a secret comes from: inline, a file (read at start-up), or an environment variable. */
export type SecretSource = { value: string } | { file: string } | { env: string };

interface CommonSpec {
  /** Metric label and log prefix; unique among sinks. Defaults to the type (`slack`; `slack-1`, `slack-2` when repeated). */
  name: string;
  queueCapacity: number;
}
export interface AlertmanagerSpec extends CommonSpec {
  type: 'alertmanager';
  urls: string[];
  auth?: AlertmanagerAuth;
  resendIntervalMs: number;
  timeoutMs: number;
}
export interface SlackSpec extends CommonSpec {
  type: 'slack';
  url: SecretSource;
  flavor: ChatFlavor;
  maxChars: number;
  timeoutMs: number;
}
export interface WebhookSpec extends CommonSpec {
  type: 'webhook';
  url: SecretSource;
  /** Header values read at every send when from a file (tokens rotate). */
  headers: Record<string, SecretSource>;
  timeoutMs: number;
}
export interface StdoutSpec extends CommonSpec {
  type: 'stdout';
}
export type SinkSpec = AlertmanagerSpec | SlackSpec | WebhookSpec | StdoutSpec;
export const SINK_TYPES = ['alertmanager', 'slack', 'webhook', 'stdout'] as const;

const COMMON_FIELDS = ['type', 'name', 'queueCapacity'];
const FIELDS: Record<SinkSpec['type'], readonly string[]> = {
  alertmanager: [...COMMON_FIELDS, 'urls', 'basicAuth', 'bearerTokenFile', 'resendIntervalSeconds', 'timeoutSeconds'],
  slack: [...COMMON_FIELDS, 'url', 'urlFile', 'urlEnv', 'flavor', 'maxChars', 'timeoutSeconds'],
  webhook: [...COMMON_FIELDS, 'url', 'urlFile', 'urlEnv', 'headers', 'timeoutSeconds'],
  stdout: COMMON_FIELDS,
};
const DEFAULT_TIMEOUT_MS = 10_000;

/** Parses the `sinks` list; names default to the type, numbered (`slack-1`, `slack-2`) when a type repeats unnamed. */
export function parseSinkSpecs(value: unknown, field = 'sinks'): SinkSpec[] {
  if (!Array.isArray(value)) throw new InputError(`${field}: must be a list of sinks`);
  const items: readonly unknown[] = value;
  const specs = items.map((item, i) => parseSinkSpec(item, `${field}[${i}]`));
  const typeCounts = new Map<string, number>();
  items.forEach((item, i) => {
    const spec = specs[i];
    if (spec !== undefined && !(isRecord(item) && 'name' in item)) typeCounts.set(spec.type, (typeCounts.get(spec.type) ?? 0) + 1);
  });
  const seen = new Set<string>();
  const occurrences = new Map<string, number>();
  specs.forEach((spec, i) => {
    const item = items[i];
    const explicit = isRecord(item) && 'name' in item;
    if (!explicit && (typeCounts.get(spec.type) ?? 0) > 1) {
      const n = (occurrences.get(spec.type) ?? 0) + 1;
      occurrences.set(spec.type, n);
      spec.name = `${spec.type}-${n}`;
    }
    if (seen.has(spec.name)) throw new InputError(`${field}[${i}].name: "${spec.name}" is already used by another sink`);
    seen.add(spec.name);
  });
  return specs;
}

/** Parses one sink; `field` prefixes every error (`sinks[1]`). */
export function parseSinkSpec(value: unknown, field: string): SinkSpec {
  if (!isRecord(value)) throw new InputError(`${field}: must be a mapping with a type (${SINK_TYPES.join(', ')})`);
  const type = value.type;
  if (typeof type !== 'string' || !(SINK_TYPES as readonly string[]).includes(type)) {
    throw new InputError(`${field}.type: must be one of ${SINK_TYPES.join(', ')}`);
  }
  const sinkType = type as SinkSpec['type'];
  for (const key of Object.keys(value)) {
    if (!FIELDS[sinkType].includes(key)) throw new InputError(`${field}.${key}: unknown field for a ${sinkType} sink (known: ${FIELDS[sinkType].join(', ')})`);
  }
  const name = optionalString(value, 'name', field) ?? sinkType;
  if (!/^[a-zA-Z0-9_.-]{1,63}$/.test(name)) throw new InputError(`${field}.name: must be 1 to 63 letters, digits, '-', '_' or '.'`);
  const queueCapacity = optionalInteger(value, 'queueCapacity', field, 1, 1_000_000) ?? DEFAULT_QUEUE_CAPACITY;
  const timeoutMs = (optionalInteger(value, 'timeoutSeconds', field, 1, 300) ?? DEFAULT_TIMEOUT_MS / 1000) * 1000;

  switch (sinkType) {
    case 'alertmanager': {
      const urls = value.urls;
      if (!Array.isArray(urls) || urls.length === 0) throw new InputError(`${field}.urls: must be a non-empty list of Alertmanager base URLs`);
      const list: readonly unknown[] = urls;
      const checked = list.map((url, i) => {
        if (typeof url !== 'string') throw new InputError(`${field}.urls[${i}]: must be an http(s) URL`);
        checkHttpUrl(url, `${field}.urls[${i}]`);
        return url;
      });
      const spec: AlertmanagerSpec = {
        type: 'alertmanager',
        name,
        queueCapacity,
        urls: checked,
        resendIntervalMs: (optionalInteger(value, 'resendIntervalSeconds', field, 1, 3600) ?? DEFAULT_ALERTMANAGER_RESEND_MS / 1000) * 1000,
        timeoutMs,
      };
      const auth = parseAlertmanagerAuth(value, field);
      if (auth !== undefined) spec.auth = auth;
      return spec;
    }
    case 'slack': {
      const flavor = optionalString(value, 'flavor', field) ?? 'slack';
      if (!(CHAT_FLAVORS as readonly string[]).includes(flavor)) throw new InputError(`${field}.flavor: must be one of ${CHAT_FLAVORS.join(', ')}`);
      return {
        type: 'slack',
        name,
        queueCapacity,
        url: parseUrlSource(value, field),
        flavor: flavor as ChatFlavor,
        maxChars: optionalInteger(value, 'maxChars', field, 500, 40_000) ?? DEFAULT_CHAT_TEXT_LIMIT,
        timeoutMs,
      };
    }
    case 'webhook':
      return { type: 'webhook', name, queueCapacity, url: parseUrlSource(value, field), headers: parseHeaders(value.headers, `${field}.headers`), timeoutMs };
    case 'stdout':
      return { type: 'stdout', name, queueCapacity };
  }
}

export interface SinkDependencies {
  env: Readonly<Record<string, string | undefined>>;
  /** Reads a secret file (URL or header value); defaults to the file system, trailing newline removed. */
  readFile?: (path: string) => Promise<string>;
  stdout: LineWriter;
  log: (message: string) => void;
  now?: () => number;
}

/** Builds the sink a spec describes, resolving `urlFile`/`urlEnv` now (a missing secret fails start-up, naming the field). */
export async function createSink(spec: SinkSpec, deps: SinkDependencies, field: string): Promise<Sink> {
  const now = deps.now ?? Date.now;
  const read = deps.readFile ?? readTrimmed;
  switch (spec.type) {
    case 'alertmanager':
      return new AlertmanagerSink({ name: spec.name, urls: spec.urls, ...(spec.auth !== undefined ? { auth: spec.auth } : {}), resendIntervalMs: spec.resendIntervalMs, timeoutMs: spec.timeoutMs, now, log: deps.log });
    case 'slack': {
      const url = await resolveUrl(spec.url, deps, read, field);
      return new SlackSink({ name: spec.name, url, flavor: spec.flavor, maxChars: spec.maxChars, timeoutMs: spec.timeoutMs, now });
    }
    case 'webhook': {
      const url = await resolveUrl(spec.url, deps, read, field);
      const headers = spec.headers;
      for (const [header, source] of Object.entries(headers)) await resolveSecret(source, deps, read, `${field}.headers.${header}`);
      return new WebhookSink({
        name: spec.name,
        url,
        headers: async () => Object.fromEntries(await Promise.all(Object.entries(headers).map(async ([h, s]) => [h, await resolveSecret(s, deps, read, `${field}.headers.${h}`)] as const))),
        timeoutMs: spec.timeoutMs,
        now,
      });
    }
    case 'stdout':
      return new StdoutSink({ out: deps.stdout, name: spec.name });
  }
}

/** Builds every sink of a parsed list; errors name `<field>[i]`. */
export async function createSinks(specs: readonly SinkSpec[], deps: SinkDependencies, field = 'sinks'): Promise<Sink[]> {
  return Promise.all(specs.map((spec, i) => createSink(spec, deps, `${field}[${i}]`)));
}

async function resolveUrl(source: SecretSource, deps: SinkDependencies, read: (path: string) => Promise<string>, field: string): Promise<string> {
  const key = 'value' in source ? 'url' : 'file' in source ? 'urlFile' : 'urlEnv';
  const url = (await resolveSecret(source, deps, read, `${field}.${key}`)).trim();
  checkHttpUrl(url, `${field}.${key}`);
  return url;
}

async function resolveSecret(source: SecretSource, deps: SinkDependencies, read: (path: string) => Promise<string>, field: string): Promise<string> {
  if ('value' in source) return source.value;
  if ('env' in source) {
    const value = deps.env[source.env];
    if (value === undefined || value === '') throw new InputError(`${field}: environment variable ${source.env} is not set`);
    return value;
  }
  try {
    return await read(source.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`${field}: cannot read ${source.file}${code !== undefined ? ` (${code})` : ''}`);
  }
}

async function readTrimmed(path: string): Promise<string> {
  return (await readFileFromDisk(path, 'utf8')).replace(/\r?\n$/, '');
}

/** http(s), a host, and no credentials in it (fetch refuses them; use basicAuth). The URL is never echoed. */
function checkHttpUrl(url: string, field: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new InputError(`${field}: must be an http(s) URL`);
  }
  if ((parsed.protocol !== 'http:' && parsed.protocol !== 'https:') || parsed.host === '') throw new InputError(`${field}: must be an http(s) URL`);
  if (parsed.username !== '' || parsed.password !== '') throw new InputError(`${field}: must not carry credentials (user:password@); use basicAuth or a token file`);
}

function parseUrlSource(value: Record<string, unknown>, field: string): SecretSource {
  const given = (['url', 'urlFile', 'urlEnv'] as const).filter((k) => value[k] !== undefined);
  if (given.length !== 1) throw new InputError(`${field}.url: give exactly one of url, urlFile, urlEnv (webhook URLs are secrets: prefer urlFile or urlEnv)`);
  const key = given[0];
  const raw = key === undefined ? undefined : value[key];
  if (typeof raw !== 'string' || raw === '') throw new InputError(`${field}.${key ?? 'url'}: must be a non-empty string`);
  if (key === 'url') {
    checkHttpUrl(raw, `${field}.url`);
    return { value: raw };
  }
  return key === 'urlFile' ? { file: raw } : { env: raw };
}

function parseAlertmanagerAuth(value: Record<string, unknown>, field: string): AlertmanagerAuth | undefined {
  const basic = value.basicAuth;
  const bearer = value.bearerTokenFile;
  if (basic !== undefined && bearer !== undefined) throw new InputError(`${field}: give basicAuth or bearerTokenFile, not both`);
  if (bearer !== undefined) {
    if (typeof bearer !== 'string' || bearer === '') throw new InputError(`${field}.bearerTokenFile: must be a file path`);
    return { type: 'bearer', tokenFile: bearer };
  }
  if (basic === undefined) return undefined;
  if (!isRecord(basic)) throw new InputError(`${field}.basicAuth: must be a mapping with username and passwordFile`);
  for (const key of Object.keys(basic)) {
    if (key !== 'username' && key !== 'passwordFile') throw new InputError(`${field}.basicAuth.${key}: unknown field (known: username, passwordFile)`);
  }
  const username = basic.username;
  const passwordFile = basic.passwordFile;
  if (typeof username !== 'string' || username === '') throw new InputError(`${field}.basicAuth.username: must be a non-empty string`);
  if (typeof passwordFile !== 'string' || passwordFile === '') throw new InputError(`${field}.basicAuth.passwordFile: must be a file path (passwords are not taken inline)`);
  return { type: 'basic', username, passwordFile };
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

function parseHeaders(value: unknown, field: string): Record<string, SecretSource> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new InputError(`${field}: must be a mapping of header name to value`);
  const headers: Record<string, SecretSource> = {};
  for (const [name, raw] of Object.entries(value)) {
    if (!HEADER_NAME.test(name)) throw new InputError(`${field}.${name}: not a valid HTTP header name`);
    if (name.toLowerCase() === 'content-type') throw new InputError(`${field}.${name}: the body is JSON; Content-Type is set by kubehow`);
    if (typeof raw === 'string') {
      headers[name] = { value: raw };
      continue;
    }
    if (isRecord(raw) && Object.keys(raw).length === 1 && typeof raw.valueFile === 'string' && raw.valueFile !== '') {
      headers[name] = { file: raw.valueFile };
    } else if (isRecord(raw) && Object.keys(raw).length === 1 && typeof raw.valueEnv === 'string' && raw.valueEnv !== '') {
      headers[name] = { env: raw.valueEnv };
    } else {
      throw new InputError(`${field}.${name}: must be a string, {valueFile: <path>} or {valueEnv: <variable>}`);
    }
  }
  return headers;
}

function optionalString(value: Record<string, unknown>, key: string, field: string): string | undefined {
  const raw = value[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'string' || raw === '') throw new InputError(`${field}.${key}: must be a non-empty string`);
  return raw;
}

function optionalInteger(value: Record<string, unknown>, key: string, field: string, min: number, max: number): number | undefined {
  const raw = value[key];
  if (raw === undefined) return undefined;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < min || raw > max) throw new InputError(`${field}.${key}: must be a whole number from ${min} to ${max}`);
  return raw;
}
