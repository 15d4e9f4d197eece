/** One parsed document of a snapshot file, with where it sits so later errors can point at it. */
import type { TextPosition } from './text-position.ts';

/** A top-level value read from a file (a JSON value of a stream, or one YAML document). */
export interface SourceDocument {
  value: unknown;
  /** Where the value starts. */
  position: TextPosition;
  /** Where each element of the value's top-level `items` array starts, when the value has one. */
  itemPositions: readonly TextPosition[];
}

/** Input deliberately passed over inside one file. */
export interface SkippedText {
  logBlocks: number;
  textLines: number;
}

/** "skipped 12 container log blocks and 2 text lines", or undefined when nothing was skipped. */
export function describeSkipped(skipped: SkippedText): string | undefined {
  const parts: string[] = [];
  if (skipped.logBlocks > 0) parts.push(plural(skipped.logBlocks, 'container log block'));
  if (skipped.textLines > 0) parts.push(plural(skipped.textLines, 'text line'));
  return parts.length === 0 ? undefined : `skipped ${parts.join(' and ')}`;
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
