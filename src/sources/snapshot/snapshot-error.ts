/** Building the one-line InputErrors of the snapshot reader. */
import { InputError } from '../../errors.ts';
import { formatPosition, type TextPosition } from './text-position.ts';

/** An InputError reading `file:line:column: message` (or `file: message` without a position), always on one line. */
export function snapshotError(file: string, position: TextPosition | undefined, message: string): InputError {
  const where = position === undefined ? file : formatPosition(file, position);
  // Messages quote input text; a stray line break would split the one-line contract.
  return new InputError(`${where}: ${message}`.replace(/[\r\n]+/g, ' '), file);
}

/** "an array", "a string", "null"...: how a value is named in "expected X, found Y". */
export function describeType(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `a string (${JSON.stringify(truncate(value))})`;
  if (typeof value === 'number' || typeof value === 'boolean') return `a ${typeof value} (${String(value)})`;
  return `a ${typeof value}`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

/** A non-null, non-array object. */
