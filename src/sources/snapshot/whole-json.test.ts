import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OUTPUT_FILE } from '../../../examples/generate.ts';
import { parseSnapshotText } from './parse-snapshot-file.ts';
import { readDocumentObjects } from './kube-objects.ts';
import { parseWholeJson } from './whole-json.ts';

describe('whole-file JSON fast path', () => {
  it('yields exactly the objects of the position-tracking path, at the same value position', () => {
    const text = readFileSync(OUTPUT_FILE, 'utf8');
    const fast = parseWholeJson(text);
    const slow = parseSnapshotText(text, OUTPUT_FILE);
    expect(slow.documents).toHaveLength(1);
    expect(fast?.position).toEqual(slow.documents[0]?.position);
    const slowObjects = slow.documents.flatMap((d) => readDocumentObjects(d, OUTPUT_FILE).objects);
    const fastObjects = fast === undefined ? [] : readDocumentObjects(fast, OUTPUT_FILE).objects;
    expect(fastObjects.length).toBeGreaterThan(100);
    expect(fastObjects).toEqual(slowObjects);
  });

  it('declines anything that is not one whole JSON value, leaving it to the stream parser', () => {
    expect(parseWholeJson('{"kind": "Pod"}\n{"kind": "Pod"}\n')).toBeUndefined();
    expect(parseWholeJson('{"kind": "Pod"}\n==== START logs for container c of pod a/b ====\n')).toBeUndefined();
    expect(parseWholeJson('kind: Pod\n')).toBeUndefined();
    expect(parseWholeJson('{"kind": ')).toBeUndefined();
    expect(parseWholeJson('\n\n  {"a": 1}')?.position).toEqual({ line: 3, column: 3 });
  });
});
