/** Turning file bytes into text, refusing binary files instead of parsing garbage. */
import { Buffer, isUtf8 } from 'node:buffer';
import { snapshotError } from './snapshot-error.ts';

/**
 * Decodes UTF-8 (or UTF-16 with a byte order mark, as Windows PowerShell redirection writes), dropping
 * the BOM. A NUL byte or invalid UTF-8 means a binary file: InputError `<file>: not a text file (…)`.
 */
export function decodeText(bytes: Uint8Array, file: string): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : undefined;
  if (utf16 !== undefined) {
    try {
      return new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      throw snapshotError(file, undefined, `not a text file (invalid ${utf16.toUpperCase()} after a byte order mark)`);
    }
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw snapshotError(file, undefined, `not a text file (NUL byte at offset ${nul})`);
  // Validate, then decode: both are SIMD fast paths in Node, quicker than a fatal TextDecoder on large files.
  if (!isUtf8(bytes)) throw snapshotError(file, undefined, 'not a text file (invalid UTF-8)');
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // TextDecoder dropped a UTF-8 byte order mark; so does this.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
