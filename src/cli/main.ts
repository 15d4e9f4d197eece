#!/usr/bin/env node
/** The bin entry (`kubehow`, `kubectl-how`): the only place that reads the process environment and sets the exit code. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { runCli } from './program.ts';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
const invokedAs = basename(process.argv[1] ?? 'kubehow');
const color = process.stdout.isTTY && process.env.NO_COLOR === undefined && process.env.TERM !== 'dumb';

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
