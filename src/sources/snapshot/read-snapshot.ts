/** `--snapshot PATH`: files, directories, `kubectl cluster-info dump` output and kubehow bundles → ClusterState. */
import { readFile } from 'node:fs/promises';
import type { ClusterState, KubeObject, SourceNote } from '../types.ts';
import { agreedCollectedAt, type BundleManifestSighting } from './bundle-manifest.ts';
import { dedupeObjects } from './dedupe-objects.ts';
import { readDocumentObjects } from './kube-objects.ts';
import { parseNowFlag, resolveNow } from './now.ts';
import { parseSnapshotFile } from './parse-snapshot-file.ts';
import { snapshotError } from './snapshot-error.ts';
import { describeFsError, listSnapshotFiles } from './snapshot-files.ts';
import { describeSkipped } from './source-document.ts';

/** Options of {@link readSnapshot}. */
export interface ReadSnapshotOptions {
  /** `--now`: an RFC 3339 time that overrides every time found in the snapshot. */
  now?: string | undefined;
}

/**
 * Reads snapshot files or directories into one ClusterState; any unusable input is an InputError naming
 * file and position. Several paths combine, e.g. a `kubectl cluster-info dump` plus a List of the kinds it omits.
 */
export async function readSnapshot(paths: string | readonly string[], options: ReadSnapshotOptions = {}): Promise<ClusterState> {
  // A bad flag is reported before minutes of parsing, not after.
  if (options.now !== undefined) parseNowFlag(options.now);

  const roots = typeof paths === 'string' ? [paths] : paths;
  const path = roots.join(', ');
  const files: Awaited<ReturnType<typeof listSnapshotFiles>>['files'] = [];
  const notes: SourceNote[] = [];
  for (const root of roots) {
    const listed = await listSnapshotFiles(root);
    files.push(...listed.files);
    notes.push(...listed.notes);
  }
  const read: KubeObject[] = [];
  const manifests: BundleManifestSighting[] = [];
  for (const file of files) {
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file.fsPath);
    } catch (error) {
      throw snapshotError(file.path, undefined, describeFsError(error));
    }
    const parsed = parseSnapshotFile(bytes, file.path);
    const skipped = describeSkipped(parsed.skipped);
    if (skipped !== undefined) notes.push({ kind: 'skipped', message: skipped, file: file.path });
    for (const document of parsed.documents) {
      const contents = readDocumentObjects(document, file.path);
      for (const object of contents.objects) read.push(object);
      manifests.push(...contents.manifests);
    }
  }

  const { objects, dropped } = dedupeObjects(read);
  if (dropped > 0) notes.push(duplicateNote(dropped));
  const now = resolveNow({ flag: options.now, collectedAt: agreedCollectedAt(manifests), objects, path });
  return {
    objects: groupByKind(objects),
    observedAt: now.observedAt,
    nowSource: now.nowSource,
    notes,
    origin: { type: 'snapshot', paths: files.map((file) => file.path) },
    kindsRead: undefined,
  };
}

function duplicateNote(dropped: number): SourceNote {
  const copies = dropped === 1 ? '1 duplicate copy' : `${dropped} duplicate copies`;
  return {
    kind: 'duplicate',
    message: `dropped ${copies} of objects read more than once (same kind, namespace, name and uid); kept the newest resourceVersion`,
  };
}

function groupByKind(objects: readonly KubeObject[]): Map<string, KubeObject[]> {
  const byKind = new Map<string, KubeObject[]>();
  for (const object of objects) {
    const group = byKind.get(object.kind);
    if (group === undefined) byKind.set(object.kind, [object]);
    else group.push(object);
  }
  return byKind;
}
