/** `--snapshot PATH`: files, directories, `kubectl cluster-info dump` output and kubehow bundles → ClusterState. */
import { readFileSync } from 'node:fs';
import type { ClusterState, KubeObject, SourceNote } from '../types.ts';
import { agreedCollectedAt, type BundleManifestSighting } from './bundle-manifest.ts';
import { dedupeObjects } from './dedupe-objects.ts';
import { readDocumentObjects } from './kube-objects.ts';
import { parseNowFlag, resolveNow } from './now.ts';
import { parseSnapshotText, type ParsedFile } from './parse-snapshot-file.ts';
import { decodeText } from './decode-text.ts';
import { parseWholeJson } from './whole-json.ts';
import type { DocumentContents } from './kube-objects.ts';
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
      // One whole read per file: fs.promises.readFile reads large files in small chunks, measurably slower,
      // and a one-shot command has nothing else to do meanwhile.
      bytes = readFileSync(file.fsPath);
    } catch (error) {
      throw snapshotError(file.path, undefined, describeFsError(error));
    }
    const text = decodeText(bytes, file.path);
    const fast = readWholeJsonFile(text, file.path);
    const parsed: ParsedFile = fast !== undefined ? { documents: [], skipped: { logBlocks: 0, textLines: 0 } } : parseSnapshotText(text, file.path);
    const skipped = describeSkipped(parsed.skipped);
    if (skipped !== undefined) notes.push({ kind: 'skipped', message: skipped, file: file.path });
    for (const contents of fast !== undefined ? [fast] : parsed.documents.map((document) => readDocumentObjects(document, file.path))) {
      for (const object of contents.objects) read.push(object);
      for (const manifest of contents.manifests) manifests.push(manifest);
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

/**
 * The fast path: one whole JSON value, validated. Undefined when it does not apply or anything in it is
 * wrong; the caller then takes the position-tracking path, which reports the fault with file:line:col.
 */
function readWholeJsonFile(text: string, file: string): DocumentContents | undefined {
  const document = parseWholeJson(text);
  if (document === undefined) return undefined;
  try {
    return readDocumentObjects(document, file);
  } catch {
    return undefined;
  }
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
