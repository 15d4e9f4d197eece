/** Which files a `--snapshot PATH` names: the file itself, or every .json/.yaml/.yml below a directory. */
import { readdir, realpath, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { join, sep } from 'node:path';
import type { SourceNote } from '../types.ts';
import { snapshotError } from './snapshot-error.ts';

/** A file to read: `path` as shown to the user (their path joined with the relative path), `fsPath` to open. */
export interface SnapshotFile {
  path: string;
  fsPath: string;
}

const SNAPSHOT_EXTENSION = /\.(?:json|ya?ml)$/i;

/**
 * Lists the files of a snapshot in a deterministic order (entries sorted by name, depth first).
 * Symbolic links are followed; a directory or file reached twice (a link loop, two links to one target)
 * is read once. Files with other extensions (`logs.txt`) and broken links are summarised in notes.
 */
export async function listSnapshotFiles(root: string): Promise<{ files: SnapshotFile[]; notes: SourceNote[] }> {
  const rootStats = await statOrThrow(root);
  if (!rootStats.isDirectory()) return { files: [{ path: root, fsPath: root }], notes: [] };

  const files: SnapshotFile[] = [];
  const notes: SourceNote[] = [];
  const otherFiles: string[] = [];
  const seen = new Set<string>();
  const rootReal = await realpath(root);
  seen.add(rootReal);

  const walk = async (fsDir: string, realDir: string, shownDir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(fsDir, { withFileTypes: true });
    } catch (error) {
      throw snapshotError(shownDir, undefined, describeFsError(error));
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const fsPath = join(fsDir, entry.name);
      const shown = joinShown(shownDir, entry.name);
      let isDirectory = entry.isDirectory();
      let isFile = entry.isFile();
      let real = join(realDir, entry.name);
      if (entry.isSymbolicLink()) {
        try {
          const target = await stat(fsPath);
          isDirectory = target.isDirectory();
          isFile = target.isFile();
          real = await realpath(fsPath);
        } catch (error) {
          notes.push({ kind: 'skipped', message: `skipped a symbolic link that cannot be followed (${describeFsError(error)})`, file: shown });
          continue;
        }
      }
      if (seen.has(real)) continue;
      if (isDirectory) {
        seen.add(real);
        await walk(fsPath, real, shown);
      } else if (isFile && SNAPSHOT_EXTENSION.test(entry.name)) {
        seen.add(real);
        files.push({ path: shown, fsPath });
      } else {
        otherFiles.push(shown);
      }
    }
  };
  await walk(root, rootReal, root);

  if (files.length === 0) throw snapshotError(root, undefined, 'no .json, .yaml or .yml files found');
  if (otherFiles.length > 0) {
    const count = otherFiles.length;
    notes.push({
      kind: 'skipped',
      message: `skipped ${count} file${count === 1 ? '' : 's'} without a .json, .yaml or .yml extension (${otherFiles.slice(0, 3).join(', ')}${count > 3 ? ', …' : ''})`,
      file: root,
    });
  }
  return { files, notes };
}

async function statOrThrow(path: string): Promise<Stats> {
  try {
    return await stat(path);
  } catch (error) {
    throw snapshotError(path, undefined, describeFsError(error));
  }
}

function joinShown(directory: string, name: string): string {
  return directory.endsWith('/') || directory.endsWith(sep) ? directory + name : directory + sep + name;
}

/** "no such file or directory", "permission denied"...: a file system error in a few words. */
export function describeFsError(error: unknown): string {
  const code = isErrnoException(error) ? error.code : undefined;
  switch (code) {
    case 'ENOENT':
      return 'no such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'not a directory';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'EISDIR':
      return 'is a directory';
    default:
      return error instanceof Error ? (error.message.split('\n')[0] ?? 'unreadable') : 'unreadable';
  }
}

function isErrnoException(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && 'code' in error;
}
