/**
 * Splits a text into its JSON values, skipping what lies between them: the container log blocks and
 * status lines of `kubectl cluster-info dump` stdout, or nothing at all for a plain `.json` file.
 */
import { scanJsonValue } from './json-scan.ts';
import { skipLogBlock } from './log-blocks.ts';
import { snapshotError } from './snapshot-error.ts';
import type { SkippedText, SourceDocument } from './source-document.ts';
import { createLocator, type TextPosition } from './text-position.ts';

/** The JSON values of a text and what was skipped between them. */
export interface JsonStream {
  documents: SourceDocument[];
  skipped: SkippedText;
  /** Offset of the first skipped text line, if any: a `.json` file with no value reports it. */
  firstTextOffset: number | undefined;
}

/**
 * Reads every JSON value that starts a line (after indentation) or follows another value; any other
 * non-blank line is skipped text. A malformed or truncated value is an InputError at its position.
 */
export function splitJsonStream(
  text: string,
  file: string,
  locate: (offset: number) => TextPosition = createLocator(text),
): JsonStream {
  const documents: SourceDocument[] = [];
  const skipped: SkippedText = { logBlocks: 0, textLines: 0 };
  let firstTextOffset: number | undefined;
  const length = text.length;
  let i = 0;
  while (i < length) {
    const newline = text.indexOf('\n', i);
    const lineEnd = newline === -1 ? length : newline;
    let start = i;
    while (start < lineEnd && isBlank(text.charCodeAt(start))) start++;
    if (start === lineEnd) {
      i = lineEnd + 1;
      continue;
    }
    const first = text.charCodeAt(start);
    if (first === 0x7b || first === 0x5b) {
      const document = readJsonValue(text, start, file, locate);
      documents.push(document.value);
      i = document.end;
      continue;
    }
    const blockEnd = skipLogBlock(text, start, lineEnd, file, locate);
    if (blockEnd !== undefined) {
      skipped.logBlocks++;
      i = blockEnd;
      continue;
    }
    skipped.textLines++;
    firstTextOffset ??= start;
    i = lineEnd + 1;
  }
  return { documents, skipped, firstTextOffset };
}

function isBlank(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0d;
}

function readJsonValue(
  text: string,
  start: number,
  file: string,
  locate: (offset: number) => TextPosition,
): { value: SourceDocument; end: number } {
  const extent = scanJsonValue(text, start, locate);
  if (!extent.ok) throw snapshotError(file, locate(extent.offset), extent.message);
  let value: unknown;
  try {
    value = JSON.parse(text.slice(start, extent.end));
  } catch (error) {
    // The scanner accepted it, so this is an engine limit (depth, size) rather than a syntax fault.
    const message = error instanceof Error ? error.message : String(error);
    const offset = /at position (\d+)/.exec(message)?.[1];
    const position = locate(offset === undefined ? start : start + Number(offset));
    throw snapshotError(file, position, `invalid JSON: ${message.replace(/ in JSON at position.*$/s, '')}`);
  }
  return {
    value: { value, position: locate(start), itemPositions: extent.itemStarts.map(locate) },
    end: extent.end,
  };
}
