/**
 * Node selector terms as the scheduler evaluates them for a PersistentVolume's `spec.nodeAffinity.required`
 * (core/v1 NodeSelector): the terms are ORed; within a term every matchExpression and matchField must hold.
 * An empty or absent term list, and a term with no requirement at all, match no node (API reference:
 * "A null or empty node selector term matches no objects").
 */
import type { Node } from '../kube/types.ts';
import { list, text } from '../kube/read.ts';

export interface NodeSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}
export interface NodeSelectorTerm {
  matchExpressions?: NodeSelectorRequirement[];
  matchFields?: NodeSelectorRequirement[];
}

function integer(value: string | undefined): number | undefined {
  return value !== undefined && /^-?\d+$/.test(value) ? Number(value) : undefined;
}

function requirementHolds(req: NodeSelectorRequirement, value: string | undefined): boolean {
  const values = list(req.values);
  switch (req.operator) {
    case 'In':
      return value !== undefined && values.includes(value);
    case 'NotIn':
      return value === undefined || !values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      const have = integer(value);
      const want = integer(values[0]);
      if (have === undefined || want === undefined) return false;
      return req.operator === 'Gt' ? have > want : have < want;
    }
    default:
      return false;
  }
}

/** True when `node` satisfies the term. Only `metadata.name` is a supported field, as in the API. */
export function termMatches(term: NodeSelectorTerm, node: Node): boolean {
  const expressions = list(term.matchExpressions);
  const fields = list(term.matchFields);
  if (expressions.length === 0 && fields.length === 0) return false;
  const labels = node.metadata.labels ?? {};
  for (const req of expressions) if (!requirementHolds(req, Object.hasOwn(labels, req.key ?? '') ? labels[req.key ?? ''] : undefined)) return false;
  for (const req of fields) if (!requirementHolds(req, req.key === 'metadata.name' ? node.metadata.name : undefined)) return false;
  return true;
}

/** The required node selector terms of a PV, or undefined when it has none (the volume is reachable from any node). */
export function pvRequiredTerms(nodeAffinity: unknown): NodeSelectorTerm[] | undefined {
  if (nodeAffinity === null || typeof nodeAffinity !== 'object') return undefined;
  const required = (nodeAffinity as { required?: { nodeSelectorTerms?: NodeSelectorTerm[] } }).required;
  if (required === undefined || required === null) return undefined;
  return [...list(required.nodeSelectorTerms)];
}

/** True when the node satisfies at least one term. */
export function nodeMatchesTerms(terms: readonly NodeSelectorTerm[], node: Node): boolean {
  return terms.some((t) => termMatches(t, node));
}

/** `kubernetes.io/hostname In [k8s09]` — the terms for sentences. */
export function describeTerms(terms: readonly NodeSelectorTerm[]): string {
  const req = (r: NodeSelectorRequirement): string => `${text(r.key) ?? '?'} ${text(r.operator) ?? '?'}${list(r.values).length > 0 ? ` [${list(r.values).join(', ')}]` : ''}`;
  return terms.map((t) => [...list(t.matchExpressions), ...list(t.matchFields)].map(req).join(' and ') || '(empty term)').join(' or ');
}
