/** Offset → line:column translation for error messages; built once per file so lookups stay logarithmic. */

/** A 1-based line and column in a text file. */
export interface TextPosition {
  line: number;
  column: number;
}

/** Returns a function mapping a UTF-16 offset of `text` to its 1-based line and column. */
export function createLocator(text: string): (offset: number) => TextPosition {
  let lineStarts: number[] | undefined;
  return (offset) => {
    // Built lazily: most files never need a position, and the scan costs a full pass.
    lineStarts ??= computeLineStarts(text);
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((lineStarts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (lineStarts[low] ?? 0) + 1 };
  };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  let index = text.indexOf('\n');
  while (index !== -1) {
    starts.push(index + 1);
    index = text.indexOf('\n', index + 1);
  }
  return starts;
}

/** `file:line:column` as editors and terminals link it. */
export function formatPosition(file: string, position: TextPosition): string {
  return `${file}:${position.line}:${position.column}`;
}
