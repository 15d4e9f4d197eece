/**
 * Workload manifests from a GitOps repository (plain YAML, `kustomize build` or `helm template` output):
 * each workload document with the file and line where its pod spec is declared. Pure: text in, records out.
 */
import { LineCounter, parseAllDocuments, isMap, isSeq, type Document } from 'yaml';
import { InputError } from '../../errors.ts';
import { POD_SPEC_PATHS } from '../../kube/pod-template.ts';
import { isRecord } from '../../kube/read.ts';

export interface ManifestWorkload {
  apiVersion: string;
  kind: string;
  name: string;
  /** As written; undefined when the manifest leaves it to the namespace it is applied to. */
  namespace?: string;
  object: Record<string, unknown>;
  /** The file, as given to the parser, and the 1-based position of the pod spec (else of the document). */
  file: string;
  line: number;
  column: number;
}

function positionOf(doc: Document, path: readonly (string | number)[], lc: LineCounter): { line: number; column: number } {
  const node = doc.getIn(path, true);
  const range = (isMap(node) || isSeq(node) || (node !== null && typeof node === 'object' && 'range' in node)) ? (node as { range?: [number, number, number] | null }).range : undefined;
  const offset = range?.[0] ?? doc.contents?.range?.[0] ?? 0;
  const pos = lc.linePos(offset);
  return { line: pos.line, column: pos.col };
}

/** The workloads of one file's text; a YAML syntax error is an InputError naming file, line and column. */
export function parseManifestText(text: string, file: string): ManifestWorkload[] {
  const lc = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lc });
  const out: ManifestWorkload[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    const error = doc.errors[0];
    if (error !== undefined) {
      const pos = lc.linePos(error.pos[0]);
      throw new InputError(`${file}:${pos.line}:${pos.col}: ${error.message.split('\n')[0] ?? 'invalid YAML'}`, file);
    }
    const value: unknown = doc.toJS();
    const items = isRecord(value) && typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items) ? (value.items as unknown[]).map((item: unknown, i) => ({ item, path: ['items', i] })) : [{ item: value, path: [] }];
    for (const { item, path } of items) {
      if (!isRecord(item) || typeof item.kind !== 'string' || POD_SPEC_PATHS[item.kind] === undefined) continue;
      const metadata = isRecord(item.metadata) ? item.metadata : {};
      if (typeof metadata.name !== 'string' || typeof item.apiVersion !== 'string') continue;
      const pos = positionOf(doc, [...path, ...(POD_SPEC_PATHS[item.kind] ?? [])], lc);
      const w: ManifestWorkload = { apiVersion: item.apiVersion, kind: item.kind, name: metadata.name, object: item, file, ...pos };
      if (typeof metadata.namespace === 'string') w.namespace = metadata.namespace;
      out.push(w);
    }
  }
  return out;
}
