/** `kubehow collect`: a redacted snapshot bundle of a live cluster, as a directory or a .tar.gz. */
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { create as createTar } from 'tar';
import { UsageError } from '../../errors.ts';
import { collectBundle, describeProgress, type BundleManifestDocument } from '../../sources/live/collect.ts';
import type { LoadStateOptions } from '../source-options.ts';
import type { CommandResult } from './diagnose.ts';

export interface CollectCommandOptions {
  outputDir?: string;
  archive?: string;
  namespaces?: readonly string[];
  allNamespaces?: boolean;
  redactNames: boolean;
  force: boolean;
  kubeconfig?: string;
  context?: string;
  version: string;
  stderr: (text: string) => void;
  /** Injected edges for tests. */
  live?: LoadStateOptions & { pageSize?: number };
}

async function isNonEmptyDirectory(path: string): Promise<boolean> {
  try {
    const s = await stat(path);
    if (!s.isDirectory()) throw new UsageError(`${path} exists and is not a directory`);
    return (await readdir(path)).length > 0;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    return false;
  }
}

export async function runCollect(options: CollectCommandOptions): Promise<CommandResult> {
  if (options.outputDir !== undefined && options.archive !== undefined) throw new UsageError('pass -o/--output-dir DIR or --archive FILE.tar.gz, not both');
  if (options.allNamespaces === true && options.namespaces !== undefined && options.namespaces.length > 0) throw new UsageError('-A reads every namespace; -n picks some: pass one or the other');
  if (options.archive !== undefined && !/\.(tar\.gz|tgz)$/.test(options.archive)) throw new UsageError(`--archive ${options.archive}: the file name must end in .tar.gz or .tgz`);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = options.outputDir ?? (options.archive === undefined ? `kubehow-bundle-${stamp}` : undefined);
  if (target !== undefined && !options.force && (await isNonEmptyDirectory(target))) {
    throw new UsageError(`${target} is not empty: pick another -o/--output-dir, or pass --force to write into it`);
  }
  if (options.archive !== undefined && !options.force) {
    const exists = await stat(options.archive).then(() => true, () => false);
    if (exists) throw new UsageError(`${options.archive} exists: pick another --archive, or pass --force to replace it`);
  }
  const directory = target ?? (await mkdtemp(join(tmpdir(), 'kubehow-collect-')));
  let manifest: BundleManifestDocument;
  try {
    manifest = await collectBundle({
      ...options.live,
      env: options.live?.env ?? process.env,
      kubeconfig: options.kubeconfig,
      context: options.context,
      directory,
      namespaces: options.namespaces !== undefined && options.namespaces.length > 0 ? options.namespaces : undefined,
      redactNames: options.redactNames,
      kubehowVersion: options.version,
      onProgress: (p) => {
        if (p.done) options.stderr(`${describeProgress(p)}\n`);
      },
    });
    if (options.archive !== undefined) {
      const archive = resolve(options.archive);
      await createTar({ gzip: true, file: archive, cwd: directory, portable: true }, await readdir(directory));
    }
  } finally {
    if (target === undefined) await rm(directory, { recursive: true, force: true });
  }
  const where = options.archive ?? target ?? '';
  const objects = manifest.contents.reduce((sum, c) => sum + c.objects, 0);
  const lines = [
    `Collected ${objects} objects from context "${manifest.context}" (${manifest.server}) in ${manifest.requests} API requests into ${where}`,
    `Redacted: no Secrets read, ConfigMap values dropped, env values replaced, last-applied-configuration and managedFields dropped${options.redactNames ? ', namespaces and names hashed' : ''}.`,
    ...(manifest.forbidden.length > 0 ? [`Could not read (${manifest.forbidden.length}): ${manifest.forbidden.map((n) => n.message).join('; ')}`] : []),
    ...(manifest.notServed.length > 0 ? [`Not served by this cluster: ${manifest.notServed.join(', ')}`] : []),
    `Read it back with: kubehow diagnose <namespace>/<pod> --snapshot ${options.archive !== undefined ? basename(options.archive) === options.archive ? options.archive : join(dirname(options.archive), basename(options.archive)) : where}`,
    '',
  ];
  return { stdout: lines.join('\n'), exitCode: 0 };
}
