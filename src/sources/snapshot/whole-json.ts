/**
 * The fast path of snapshot reading: a file that is exactly one JSON value (a `kubectl get -o json` List, a
 * `cluster-info dump --output-directory` file) is parsed by JSON.parse alone, with no position tracking.
 * Positions only serve error messages, so when JSON.parse or validation fails the caller re-reads the file
 * through the position-tracking parser, which produces the exact same `file:line:col` error as before.
 */
import type { SourceDocument } from './source-document.ts';

/** The single JSON value of `text` as a document, or undefined when the text is anything else (or broken). */
export function parseWholeJson(text: string): SourceDocument | undefined {
  let start = 0;
  let line = 1;
  let lineStart = 0;
  while (start < text.length) {
    const c = text.charCodeAt(start);
    if (c === 0x0a) {
      line += 1;
      lineStart = start + 1;
    } else if (c !== 0x20 && c !== 0x09 && c !== 0x0d) break;
    start += 1;
  }
  const first = text.charCodeAt(start);
  if (first !== 0x7b && first !== 0x5b) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return { value, position: { line, column: start - lineStart + 1 }, itemPositions: [] };
}
