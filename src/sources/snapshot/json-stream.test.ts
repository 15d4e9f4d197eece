import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/support/errors.ts';
import { splitJsonStream } from './json-stream.ts';


describe('splitJsonStream', () => {
  it('reads concatenated values and skips log blocks whose lines look like JSON', () => {
    const text = [
      '{',
      '    "kind": "NodeList",',
      '    "items": []',
      '}',
      '==== START logs for container app of pod default/web-0 ====',
      '{"level":"info","msg":"listening"}',
      '}',
      '[',
      '==== END logs for container app of pod default/web-0 ====',
      'Create log request error: container "init" in pod "web-1" is waiting to start',
      '{',
      '    "kind": "PodList",',
      '    "items": [',
      '        {',
      '            "metadata": { "name": "web-0" }',
      '        },',
      '        {',
      '            "metadata": { "name": "web-1", "note": "} ] {" }',
      '        }',
      '    ]',
      '}',
      '',
    ].join('\n');
    const stream = splitJsonStream(text, 'dump.txt');
    expect(stream.documents.map((d) => d.value)).toEqual([
      { kind: 'NodeList', items: [] },
      { kind: 'PodList', items: [{ metadata: { name: 'web-0' } }, { metadata: { name: 'web-1', note: '} ] {' } }] },
    ]);
    expect(stream.documents.map((d) => d.position)).toEqual([
      { line: 1, column: 1 },
      { line: 11, column: 1 },
    ]);
    expect(stream.documents[1]?.itemPositions).toEqual([
      { line: 14, column: 9 },
      { line: 17, column: 9 },
    ]);
    expect(stream.skipped).toEqual({ logBlocks: 1, textLines: 1 });
  });

  it('finds an END marker written right after log bytes that lack a final newline', () => {
    const text = '==== START logs for container c of pod ns/p ====\n{"partial": ==== END logs for container c of pod ns/p ====\n{"kind":"A"}\n';
    const stream = splitJsonStream(text, 'dump');
    expect(stream.documents.map((d) => d.value)).toEqual([{ kind: 'A' }]);
    expect(stream.skipped).toEqual({ logBlocks: 1, textLines: 0 });
  });

  it('does not let the END marker of another container close a block', () => {
    const text = [
      '==== START logs for container a of pod ns/p ====',
      '==== END logs for container b of pod ns/p ====',
      '{"not":"a document"}',
      '==== END logs for container a of pod ns/p ====',
      '{"kind":"B"}',
    ].join('\n');
    expect(splitJsonStream(text, 'dump').documents.map((d) => d.value)).toEqual([{ kind: 'B' }]);
  });

  it('reads values that follow each other on one line and counts trailing text', () => {
    const stream = splitJsonStream('{"a":1}{"b":2} trailing words\n  [3]\n', 'f.json');
    expect(stream.documents.map((d) => d.value)).toEqual([{ a: 1 }, { b: 2 }, [3]]);
    expect(stream.documents.map((d) => d.position)).toEqual([
      { line: 1, column: 1 },
      { line: 1, column: 8 },
      { line: 2, column: 3 },
    ]);
    expect(stream.skipped).toEqual({ logBlocks: 0, textLines: 1 });
    expect(stream.firstTextOffset).toBe(15);
  });

  it('only records item positions of the top-level "items" array', () => {
    const text = '{"spec":{"items":[{"x":1}]},"items":[ {"y":1}, 2 ,{"z":[{}]}]}';
    const [document] = splitJsonStream(text, 'f.json').documents;
    expect(document?.itemPositions).toEqual([
      { line: 1, column: 39 },
      { line: 1, column: 48 },
      { line: 1, column: 51 },
    ]);
  });

  it('reports a truncated document at the end of the file with the bracket left open', () => {
    const text = '{\n    "kind": "PodList",\n    "items": [\n        {\n            "metadata": {"name": "a"}\n';
    const error = errorOf(() => splitJsonStream(text, 'snap/pods.json'));
    expect(error.message).toBe('snap/pods.json:6:1: expected "," or "}", found end of file (the "{" at 4:9 is never closed)');
    expect(error.file).toBe('snap/pods.json');
  });

  it('reports a string cut by the end of the file', () => {
    const error = errorOf(() => splitJsonStream('{"kind": "Po', 'a.json'));
    expect(error.message).toBe('a.json:1:13: expected \'"\' to close the string started at 1:10, found end of file');
  });

  it('points at the faulty line of the second document', () => {
    const text = ['{', '    "kind": "NodeList"', '}', 'Cluster info dumped to standard output', '{', '    "kind": "PodList",', '    "items": [', '        {"metadata": {"name": "a"}}', '        {"metadata": {"name": "b"}}', '    ]', '}'].join('\n');
    const error = errorOf(() => splitJsonStream(text, 'dump.json'));
    expect(error.message).toBe('dump.json:9:9: expected "," or "]", found "{"');
    expect(error.message).not.toContain('\n');
  });

  it.each([
    ['{"a" 1}', 'f:1:6: expected ":" after the property name, found "1"'],
    ["{'a': 1}", 'f:1:2: expected a property name in double quotes or "}", found "\'a\'"'],
    ['{"a": 1,}', 'f:1:9: expected a property name in double quotes, found "}"'],
    ['[1,]', 'f:1:4: expected a JSON value, found "]"'],
    ['{"a": tru}', 'f:1:7: expected a JSON value, found "tru"'],
    ['{"a": "x\\q"}', 'f:1:9: expected a valid escape sequence in string, found "\\\\q"'],
    ['{"a": "\\u12"}', 'f:1:8: expected a \\u escape with 4 hex digits in string, found "\\\\u12"'],
    ['{"a": "line\nbreak"}', 'f:1:12: expected \'"\' to close the string started at 1:7, found end of line'],
  ])('names the position and expectation of %j', (text, message) => {
    expect(errorOf(() => splitJsonStream(text, 'f')).message).toBe(message);
  });

  it('accepts every JSON scalar form inside values', () => {
    const text = '{"n": -1.5e+3, "z": 0, "t": true, "f": false, "u": null, "s": "a\\"b\\u00e9\\n", "e": [], "o": {}}';
    expect(splitJsonStream(text, 'f').documents[0]?.value).toEqual({ n: -1500, z: 0, t: true, f: false, u: null, s: 'a"bé\n', e: [], o: {} });
  });

  it('refuses a log block that is never closed', () => {
    const text = '{"kind":"A"}\n==== START logs for container c of pod ns/p ====\nline\n{"kind":"B"}\n';
    expect(errorOf(() => splitJsonStream(text, 'dump')).message).toBe(
      'dump:2:1: log block is never closed: expected "==== END logs for container c of pod ns/p ====" before the end of the file',
    );
  });
});
