/**
 * A single-pass JSON validator that finds where one value ends inside a larger text.
 * JSON.parse alone cannot say where a value stops in a stream, and its errors do not always carry a
 * position; this scanner does both in linear time, and names what it expected at the first fault.
 */
import type { TextPosition } from './text-position.ts';

/** A well-formed JSON value: where it ends, and where each element of its top-level `items` array starts. */
export interface JsonValueExtent {
  ok: true;
  /** Offset just past the value. */
  end: number;
  /** Offsets of the elements of the top-level object's `items` array, so List item errors can point at the item. */
  itemStarts: number[];
}

/** The first syntax fault in a JSON value. */
export interface JsonSyntaxProblem {
  ok: false;
  offset: number;
  message: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const EXPECT_VALUE = 0;
const EXPECT_VALUE_OR_ARRAY_END = 1;
const EXPECT_KEY = 2;
const EXPECT_KEY_OR_OBJECT_END = 3;
const EXPECT_COLON = 4;
const EXPECT_COMMA_OR_END = 5;
type Expectation = 0 | 1 | 2 | 3 | 4 | 5;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const TOKEN = /[^\s{}[\]:,"]{1,24}/y;
const ESCAPABLE = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

/** Validates the JSON value starting at `start` (which must not be whitespace) and returns its extent or its first fault. */
export function scanJsonValue(
  text: string,
  start: number,
  locate: (offset: number) => TextPosition,
): JsonValueExtent | JsonSyntaxProblem {
  const length = text.length;
  const openers: number[] = [];
  const itemStarts: number[] = [];
  let itemsOpener = -1;
  let keyIsItems = false;
  let state: Expectation = EXPECT_VALUE;
  let i = start;

  const problem = (offset: number, message: string): JsonSyntaxProblem => ({ ok: false, offset, message });
  const at = (offset: number): string => {
    const position = locate(offset);
    return `${position.line}:${position.column}`;
  };

  for (;;) {
    i = skipWhitespace(text, i);
    const top = openers[openers.length - 1];
    const inObject = top !== undefined && text.charCodeAt(top) === OPEN_BRACE;
    if (i >= length) {
      const unclosed = top === undefined ? '' : ` (the "${text.charAt(top)}" at ${at(top)} is never closed)`;
      return problem(length, `expected ${describeExpectation(state, inObject)}, found end of file${unclosed}`);
    }
    const c = text.charCodeAt(i);

    if (state === EXPECT_VALUE || state === EXPECT_VALUE_OR_ARRAY_END) {
      if (c === CLOSE_BRACKET && state === EXPECT_VALUE_OR_ARRAY_END) {
        openers.pop();
        i++;
      } else {
        if (openers.length === 2 && openers[1] === itemsOpener) itemStarts.push(i);
        if (c === OPEN_BRACE) {
          openers.push(i);
          state = EXPECT_KEY_OR_OBJECT_END;
          i++;
          continue;
        }
        if (c === OPEN_BRACKET) {
          if (openers.length === 1 && inObject && keyIsItems) itemsOpener = i;
          openers.push(i);
          state = EXPECT_VALUE_OR_ARRAY_END;
          i++;
          continue;
        }
        const end = c === QUOTE ? scanString(text, i, at) : scanScalar(text, i);
        if (typeof end !== 'number') return end;
        i = end;
      }
    } else if (state === EXPECT_KEY || state === EXPECT_KEY_OR_OBJECT_END) {
      if (c === CLOSE_BRACE && state === EXPECT_KEY_OR_OBJECT_END) {
        openers.pop();
        i++;
      } else {
        if (c !== QUOTE) return problem(i, `expected ${describeExpectation(state, true)}, found ${describeFound(text, i)}`);
        const end = scanString(text, i, at);
        if (typeof end !== 'number') return end;
        if (openers.length === 1) keyIsItems = end - i === 7 && text.startsWith('"items"', i);
        i = end;
        state = EXPECT_COLON;
        continue;
      }
    } else if (state === EXPECT_COLON) {
      if (c !== COLON) return problem(i, `expected ":" after the property name, found ${describeFound(text, i)}`);
      i++;
      state = EXPECT_VALUE;
      continue;
    } else {
      if (c === COMMA) {
        state = inObject ? EXPECT_KEY : EXPECT_VALUE;
        i++;
        continue;
      }
      if (c !== (inObject ? CLOSE_BRACE : CLOSE_BRACKET)) {
        return problem(i, `expected ${describeExpectation(state, inObject)}, found ${describeFound(text, i)}`);
      }
      openers.pop();
      i++;
    }

    // A value (scalar or container) just ended.
    if (openers.length === 0) return { ok: true, end: i, itemStarts };
    state = EXPECT_COMMA_OR_END;
  }
}

function skipWhitespace(text: string, start: number): number {
  let i = start;
  for (;;) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
    else return i;
  }
}

function scanString(text: string, start: number, at: (offset: number) => string): number | JsonSyntaxProblem {
  const length = text.length;
  let i = start + 1;
  for (;;) {
    if (i >= length) {
      return { ok: false, offset: length, message: `expected '"' to close the string started at ${at(start)}, found end of file` };
    }
    const c = text.charCodeAt(i);
    if (c === QUOTE) return i + 1;
    if (c === BACKSLASH) {
      const escaped = text.charAt(i + 1);
      if (ESCAPABLE.has(escaped)) {
        i += 2;
      } else if (escaped === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        i += 6;
      } else {
        const what = escaped === 'u' ? 'a \\u escape with 4 hex digits' : 'a valid escape sequence';
        return { ok: false, offset: i, message: `expected ${what} in string, found ${describeFound(text, i)}` };
      }
    } else if (c < 0x20) {
      const found = c === 0x0a || c === 0x0d ? 'end of line' : describeFound(text, i);
      return { ok: false, offset: i, message: `expected '"' to close the string started at ${at(start)}, found ${found}` };
    } else {
      i++;
    }
  }
}

function scanScalar(text: string, start: number): number | JsonSyntaxProblem {
  for (const literal of ['true', 'false', 'null']) {
    if (text.startsWith(literal, start)) return start + literal.length;
  }
  NUMBER.lastIndex = start;
  if (NUMBER.test(text)) return NUMBER.lastIndex;
  return { ok: false, offset: start, message: `expected a JSON value, found ${describeFound(text, start)}` };
}

function describeExpectation(state: Expectation, inObject: boolean): string {
  switch (state) {
    case EXPECT_VALUE:
      return 'a JSON value';
    case EXPECT_VALUE_OR_ARRAY_END:
      return 'a JSON value or "]"';
    case EXPECT_KEY:
      return 'a property name in double quotes';
    case EXPECT_KEY_OR_OBJECT_END:
      return 'a property name in double quotes or "}"';
    case EXPECT_COLON:
      return '":" after the property name';
    case EXPECT_COMMA_OR_END:
      return inObject ? '"," or "}"' : '"," or "]"';
  }
}

/** A short, single-line, quoted rendering of what sits at `offset`. */
export function describeFound(text: string, offset: number): string {
  if (offset >= text.length) return 'end of file';
  const code = text.codePointAt(offset) ?? 0;
  if (code === 0x0a || code === 0x0d) return 'end of line';
  if (code < 0x20 || code === 0x7f) return `control character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  TOKEN.lastIndex = offset;
  const token = TOKEN.exec(text)?.[0] ?? String.fromCodePoint(code);
  return JSON.stringify(token);
}
