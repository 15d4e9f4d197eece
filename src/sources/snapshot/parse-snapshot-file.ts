/** One snapshot file: bytes → text → JSON stream or YAML documents. */
import { decodeText } from './decode-text.ts';
import { describeFound } from './json-scan.ts';
import { splitJsonStream } from './json-stream.ts';
import { snapshotError } from './snapshot-error.ts';
import type { SkippedText, SourceDocument } from './source-document.ts';
import { createLocator } from './text-position.ts';
import { parseYamlDocuments } from './yaml-documents.ts';

/** The documents of one file and what was skipped in it. */
export interface ParsedFile {
  documents: SourceDocument[];
  skipped: SkippedText;
}

/**
 * Picks the format from the content: a first non-blank `{` or `[` (or a `.json` name) means a JSON
 * stream, anything else YAML. A `.json` file never falls back to YAML, so a broken one is reported as JSON.
 * A file without any document is an InputError.
 */
export function parseSnapshotFile(bytes: Uint8Array, file: string): ParsedFile {
  return parseSnapshotText(decodeText(bytes, file), file);
}

/** {@link parseSnapshotFile} on already decoded text. */
export function parseSnapshotText(text: string, file: string): ParsedFile {
  const locate = createLocator(text);
  const firstChar = /\S/.exec(text)?.[0];
  const isJsonName = /\.json$/i.test(file);
  let parsed: ParsedFile;
  if (firstChar === '{' || firstChar === '[' || isJsonName) {
    const stream = splitJsonStream(text, file, locate);
    if (stream.documents.length === 0 && isJsonName && stream.firstTextOffset !== undefined) {
      const offset = stream.firstTextOffset;
      throw snapshotError(file, locate(offset), `expected a JSON object ("{"), found ${describeFound(text, offset)}`);
    }
    parsed = stream;
  } else {
    parsed = parseYamlDocuments(text, file, locate);
  }
  if (parsed.documents.length === 0) throw snapshotError(file, undefined, 'no Kubernetes objects found');
  return parsed;
}
