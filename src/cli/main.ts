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
  process.stderr.write(`kubehow: needs Node.js 22 or newer; this is ${process.version} (Node 20 is end-of-life)\n`);
  process.exit(2);
}

process.exitCode = await runCli(
  process.argv.slice(2),
  {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    color,
    version: pkg.version ?? '0.0.0',
  },
  invokedAs.startsWith('kubectl-how') ? 'kubectl how' : 'kubehow',
);
