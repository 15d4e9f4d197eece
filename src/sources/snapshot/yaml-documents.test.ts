import { describe, expect, it } from 'vitest';
import { errorOf } from '../../../test/support/errors.ts';
import { parseYamlDocuments } from './yaml-documents.ts';


describe('parseYamlDocuments', () => {
  it('skips empty, comment-only and null documents and keeps the others with their positions', () => {
    const text = [
      '# leading comment',
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: a',
      '---',
      '---',
      '# only a comment',
      '---',
      '~',
      '---',
      'kind: PodList',
      'items:',
      '  - metadata: {name: p0}',
      '  -   metadata: {name: p1}',
      '...',
      '',
    ].join('\n');
    const { documents, skipped } = parseYamlDocuments(text, 'f.yaml');
    expect(documents.map((d) => d.value)).toEqual([
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
      { kind: 'PodList', items: [{ metadata: { name: 'p0' } }, { metadata: { name: 'p1' } }] },
    ]);
    expect(documents.map((d) => d.position)).toEqual([
      { line: 2, column: 1 },
      { line: 12, column: 1 },
    ]);
    expect(documents[1]?.itemPositions).toEqual([
      { line: 14, column: 5 },
      { line: 15, column: 7 },
    ]);
    expect(skipped).toEqual({ logBlocks: 0, textLines: 0 });
  });

  it('keeps timestamps as strings (YAML 1.2 core schema)', () => {
    const { documents } = parseYamlDocuments('metadata:\n  creationTimestamp: 2026-03-30T09:00:00Z\n', 'f.yaml');
    expect(documents[0]?.value).toEqual({ metadata: { creationTimestamp: '2026-03-30T09:00:00Z' } });
  });

  it('reports invalid YAML on one line with the position from the parser', () => {
    const text = 'kind: Pod\nmetadata:\n  name: [a, b\n  namespace: x\n';
    const error = errorOf(() => parseYamlDocuments(text, 'bad.yaml'));
    expect(error.message).toBe(
      'bad.yaml:4:3: invalid YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
    );
    expect(error.file).toBe('bad.yaml');
  });

  it('refuses tabs as indentation at the tab', () => {
    expect(errorOf(() => parseYamlDocuments('a:\n\t- x\n', 't.yaml')).message).toBe('t.yaml:2:1: invalid YAML: Tabs are not allowed as indentation');
  });

  it('points a YAML error in a later document at its own line', () => {
    const text = 'kind: A\n---\nkind: B\nkind: C\n';
    expect(errorOf(() => parseYamlDocuments(text, 'dup.yml')).message).toBe('dup.yml:4:1: invalid YAML: Map keys must be unique');
  });

  it('skips container log blocks of `cluster-info dump -o yaml` without moving positions', () => {
    const text = [
      'kind: PodList',
      'items: []',
      '==== START logs for container c of pod ns/p ====',
      'key: value',
      '- [not yaml',
      '==== END logs for container c of pod ns/p ====',
      '---',
      'kind: EventList',
      'items: []',
    ].join('\n');
    const { documents, skipped } = parseYamlDocuments(text, 'dump.yaml');
    expect(documents.map((d) => d.value)).toEqual([
      { kind: 'PodList', items: [] },
      { kind: 'EventList', items: [] },
    ]);
    expect(documents[1]?.position).toEqual({ line: 8, column: 1 });
    expect(skipped).toEqual({ logBlocks: 1, textLines: 0 });
  });
});
