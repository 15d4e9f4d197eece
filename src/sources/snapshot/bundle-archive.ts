/**
 * `--snapshot bundle.tar.gz`: a `kubehow collect --archive` file (or any gzipped tar of snapshot files)
 * is unpacked into a private temporary directory, read like a directory, and removed. Only regular
 * files and directories are unpacked; tar already refuses absolute paths and `..`. Paths in the
 * resulting state and in errors name the archive, not the temporary directory.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { extract } from 'tar';
import { InputError } from '../../errors.ts';
import type { ClusterState } from '../types.ts';
import { readSnapshot, type ReadSnapshotOptions } from './read-snapshot.ts';
import { snapshotError } from './snapshot-error.ts';

/** True for a path that names a gzipped tar archive. */
export function isArchivePath(path: string): boolean {
  return /\.(?:tar\.gz|tgz)$/i.test(path);
}

/** readSnapshot, with `.tar.gz` / `.tgz` paths unpacked first. */
export async function readSnapshotInput(paths: readonly string[], options: ReadSnapshotOptions = {}): Promise<ClusterState> {
  const unpacked: { archive: string; directory: string }[] = [];
  try {
    const roots: string[] = [];
    for (const path of paths) {
      if (!isArchivePath(path)) {
        roots.push(path);
        continue;
      }
      const directory = await mkdtemp(join(tmpdir(), 'kubehow-bundle-'));
      unpacked.push({ archive: path, directory });
      try {
        await extract({ file: path, cwd: directory, strict: true, filter: (_p, entry) => !('type' in entry) || entry.type === 'File' || entry.type === 'Directory' });
      } catch (error) {
        throw snapshotError(path, undefined, `cannot unpack the archive: ${error instanceof Error ? error.message : String(error)}`);
      }
      roots.push(directory);
    }
    const rename = (text: string): string => unpacked.reduce((t, u) => t.split(u.directory + sep).join(`${u.archive}:`).split(u.directory).join(u.archive), text);
    try {
      const state = await readSnapshot(roots, options);
      if (unpacked.length === 0) return state;
      return {
        ...state,
        notes: state.notes.map((n) => ({ ...n, message: rename(n.message), ...(n.file !== undefined ? { file: rename(n.file) } : {}) })),
        origin: state.origin.type === 'snapshot' ? { type: 'snapshot', paths: state.origin.paths.map(rename) } : state.origin,
      };
    } catch (error) {
      if (error instanceof InputError && unpacked.length > 0) throw new InputError(rename(error.message), error.file !== undefined ? rename(error.file) : undefined);
      throw error;
    }
  } finally {
    await Promise.all(unpacked.map((u) => rm(u.directory, { recursive: true, force: true })));
  }
}
