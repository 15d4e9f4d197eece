#!/usr/bin/env node
/** The bin entry (`kubehow`, `kubectl-how`): the only place that reads the process environment and sets the exit code. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runCli } from './program.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
const invokedAs = basename(process.argv[1] ?? 'kubehow');
const color = process.stdout.isTTY && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';

const nodeMajor = Number(process.versions.node.split('.')[0]);
if (nodeMajor < 22) {
  // The Kubernetes client (and its HTTP stack) fails at load on older Node with an unhelpful TypeError.
  const message = `kubehow: needs Node.js 22 or newer; this is ${process.version} (Node 20 is end-of-life)`;
  // A plugin run (`kubehow check`) answers on stdout with UNKNOWN, the state Nagios expects for a broken plugin.
  const plugin = process.argv[2] === 'check';
  await new Promise<void>((resolve) => {
    if (plugin) process.stdout.write(`KUBEHOW UNKNOWN: ${message.slice('kubehow: '.length)}\n`, () => { resolve(); });
    else process.stderr.write(`${message}\n`, () => { resolve(); });
  });
  process.exit(plugin ? 3 : 2);
}

// `kubehow watch` runs until SIGTERM (kubectl delete, a rollout) or SIGINT (Ctrl-C): the first one stops it cleanly
// (informers closed, queued alerts delivered within a deadline); a second one ends it at once. Other commands keep
// the default behaviour, where a signal ends the process.
const stop = new AbortController();
if (process.argv.slice(2).find((a) => !a.startsWith('-')) === 'watch') {
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (stop.signal.aborted) process.exit(signal === 'SIGINT' ? 130 : 143);
      stop.abort();
    });
  }
}

const exitCode = await runCli(
  process.argv.slice(2),
  {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    out: process.stdout,
    signal: stop.signal,
    color,
    version: pkg.version ?? '0.0.0',
  },
  invokedAs.startsWith('kubectl-how') ? 'kubectl how' : 'kubehow',
);
process.exitCode = exitCode;
// `kubehow check` answers at its -t deadline even when API requests are still in flight; NRPE and Nagios wait for the
// process to end (not just for the answer), so a plugin run ends as soon as its answer is written.
if (process.argv[2] === 'check') process.stdout.write('', () => process.exit(exitCode));
