/**
 * The container log blocks of `kubectl cluster-info dump` stdout. Log lines are arbitrary text
 * (often JSON-looking), so a block is skipped as a unit from its START marker to its END marker.
 */
import { snapshotError } from './snapshot-error.ts';
import type { TextPosition } from './text-position.ts';

const START_MARKER = /^==== START logs for container (\S+) of pod (\S+) ====[ \t\r]*$/;

/**
 * When the line `text[lineStart, lineEnd)` opens a log block, returns the offset just past its END
 * marker; otherwise undefined. An unclosed block is an error: it would swallow everything after it.
 */
export function skipLogBlock(
  text: string,
  lineStart: number,
  lineEnd: number,
  file: string,
  locate: (offset: number) => TextPosition,
): number | undefined {
  if (!text.startsWith('==== START logs', lineStart)) return undefined;
  const match = START_MARKER.exec(text.slice(lineStart, lineEnd));
  if (match === null) return undefined;
  const endMarker = `==== END logs for container ${match[1] ?? ''} of pod ${match[2] ?? ''} ====`;
  // kubectl writes the END marker right after the log bytes, so it can sit mid-line.
  const endAt = text.indexOf(endMarker, lineEnd);
  if (endAt === -1) {
    throw snapshotError(file, locate(lineStart), `log block is never closed: expected "${endMarker}" before the end of the file`);
  }
  return endAt + endMarker.length;
}

/**
 * Returns `text` with every log block replaced by spaces (line breaks kept, so positions still hold)
 * and the number of blocks blanked. Used before YAML parsing of `cluster-info dump -o yaml` output.
 */
export function blankLogBlocks(
  text: string,
  file: string,
  locate: (offset: number) => TextPosition,
): { text: string; logBlocks: number } {
  if (!text.includes('==== START logs')) return { text, logBlocks: 0 };
  const pieces: string[] = [];
  let logBlocks = 0;
  let copiedUpTo = 0;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const blockEnd = skipLogBlock(text, lineStart, lineEnd, file, locate);
    if (blockEnd === undefined) {
      lineStart = lineEnd + 1;
      continue;
    }
    logBlocks++;
    pieces.push(text.slice(copiedUpTo, lineStart), text.slice(lineStart, blockEnd).replace(/[^\n]/g, ' '));
    copiedUpTo = blockEnd;
    lineStart = blockEnd;
  }
  pieces.push(text.slice(copiedUpTo));
  return { text: pieces.join(''), logBlocks };
}
