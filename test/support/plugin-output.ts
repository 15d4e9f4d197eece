/**
 * A strict reader of Monitoring Plugins output (Development Guidelines, "Plugin Output for Nagios" and "Performance
 * data"), written from the guidelines rather than from kubehow's renderer, so tests can hold the output to them.
 */

export interface PerfDatum {
  label: string;
  value: string;
  uom: string;
  warn: string;
  crit: string;
  min: string;
  max: string;
}

export interface PluginOutput {
  service: string;
  state: 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
  text: string;
  perfdata: PerfDatum[];
  longText: string[];
}

const NUM = String.raw`-?(?:\d+(?:\.\d*)?|\.\d+)`;
// [@]start:end with start "~" or a number, each part optional as the guidelines allow.
const RANGE = String.raw`@?(?:(?:~|${NUM})?:)?(?:${NUM})?`;
const LABEL = String.raw`'[^'=]+'|[^'=\s]+`;
const UOM = String.raw`(?:s|ms|us|%|B|KB|MB|GB|TB|c)?`;
const DATUM = new RegExp(`^(${LABEL})=(${NUM}|U)(${UOM})(?:;(${RANGE})(?:;(${RANGE})(?:;(${NUM})?(?:;(${NUM})?)?)?)?)?$`);
const FIRST_LINE = /^([A-Z][A-Z0-9_]*) (OK|WARNING|CRITICAL|UNKNOWN): ([^|\n]*?)(?: \| ([^|\n]*))?$/;

/** Parses a plugin's stdout; throws naming what breaks the format. */
export function parsePluginOutput(stdout: string): PluginOutput {
  if (!stdout.endsWith('\n')) throw new Error('plugin output must end with a newline');
  const [first = '', ...rest] = stdout.slice(0, -1).split('\n');
  const m = FIRST_LINE.exec(first);
  if (m === null) throw new Error(`first line is not "SERVICE STATUS: text | perfdata": ${first}`);
  const perfdata = (m[4] ?? '').split(' ').filter((t) => t !== '').map((token) => {
    const d = DATUM.exec(token);
    if (d === null) throw new Error(`performance datum ${JSON.stringify(token)} breaks 'label'=value[UOM];[warn];[crit];[min];[max]`);
    return { label: (d[1] ?? '').replace(/^'|'$/g, ''), value: d[2] ?? '', uom: d[3] ?? '', warn: d[4] ?? '', crit: d[5] ?? '', min: d[6] ?? '', max: d[7] ?? '' };
  });
  for (const line of rest) if (line.includes('|')) throw new Error(`long text opens a second performance data part: ${line}`);
  return { service: m[1] ?? '', state: m[2] as PluginOutput['state'], text: m[3] ?? '', perfdata, longText: rest };
}
