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
    const direct = readUtf8Text(file.fsPath);
    let fast = direct !== undefined ? readWholeJsonFile(direct, file.path) : undefined;
    let text = '';
    if (fast === undefined) {
      // The direct text is unchecked for NUL bytes: none can be in a file JSON.parse accepts (it refuses raw
      // control characters anywhere), so only a file that falls to the slow path needs that scan.
      if (direct !== undefined && !direct.includes('\0')) text = direct;
      else {
        text = readBytesText(file.fsPath, file.path);
        if (direct === undefined) fast = readWholeJsonFile(text, file.path);
      }
    }
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
 * A file's text, decoded by Node straight from UTF-8 (no Buffer of the whole file: at cluster scale gigabytes
 * of external memory that force extra full garbage collections), or undefined when the text needs a closer
 * look. Invalid UTF-8 always decodes to U+FFFD, so a text without U+FFFD came from valid UTF-8 and, NUL
 * bytes aside (the caller's check), is exactly what decodeText returns; a UTF-16 byte order mark, binary, a
 * real U+FFFD or a read error go through {@link readBytesText}, which decides and words the error as before.
 */
function readUtf8Text(fsPath: string): string | undefined {
  let text: string;
  try {
    // One whole read per file: fs.promises.readFile reads large files in small chunks, measurably slower,
    // and a one-shot command has nothing else to do meanwhile.
    text = readFileSync(fsPath, 'utf8');
  } catch {
    return undefined;
  }
  if (text.includes('\ufffd')) return undefined;
  // TextDecoder drops a UTF-8 byte order mark; so does this.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A file's text through its bytes and decodeText: UTF-16 with a byte order mark, else UTF-8; InputError for binary. */
function readBytesText(fsPath: string, shown: string): string {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(fsPath);
  } catch (error) {
    throw snapshotError(shown, undefined, describeFsError(error));
  }
  return decodeText(bytes, shown);
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
