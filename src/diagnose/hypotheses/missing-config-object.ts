/** missing-config-object: a Secret or ConfigMap the pod mounts does not exist in its namespace. */
import { describeRef } from '../../model/refs.ts';
import { absenceEvidence, eventEvidence, gap, objectEvidence } from '../evidence.ts';
import type { Assessment, Evidence, Hypothesis, PodContext } from '../types.ts';

function assess(ctx: PodContext): Assessment | undefined {
  const facts = ctx.currentFacts('object-not-found');
  if (facts.length === 0) return undefined;
  const now = ctx.model.now;
  const ns = ctx.podRef.namespace;
  const evidenceFor: Evidence[] = [];
  const evidenceAgainst: Evidence[] = [];
  const missing: string[] = [];
  let unknown = false;
  const seen = new Set<string>();
  for (const { fact, event } of facts) {
    const key = `${fact.objectKind}/${fact.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const ref = { kind: fact.objectKind, name: fact.name, ...(ns !== undefined ? { namespace: ns } : {}) };
    const obj = ctx.model.get(fact.objectKind, ns, fact.name);
    evidenceFor.push(eventEvidence(event, now));
    if (obj !== undefined) {
      evidenceAgainst.push(objectEvidence(ref, `${describeRef(ref)} exists now (created ${obj.metadata.creationTimestamp ?? 'at an unknown time'}); the kubelet retries and should pick it up`));
      continue;
    }
    const coverage = ctx.model.kindCoverage(fact.objectKind);
    if (coverage === 'read') {
      evidenceFor.push(absenceEvidence(`${describeRef(ref)} does not exist`, ref));
      missing.push(describeRef(ref));
    } else {
      unknown = true;
      evidenceAgainst.push(gap(`${fact.objectKind} objects were ${coverage === 'forbidden' ? 'forbidden' : 'not in the snapshot'}: whether ${describeRef(ref)} exists now cannot be checked`));
    }
  }
  if (missing.length === 0 && !unknown) {
    return { verdict: 'ruled-out', score: 0, summary: 'Every object the kubelet reported missing exists now.', evidenceFor, evidenceAgainst, nextSteps: [] };
  }
  return {
    verdict: missing.length > 0 ? 'confirmed' : 'possible',
    score: missing.length > 0 ? 0.95 : 0.5,
    summary: missing.length > 0 ? `The pod mounts ${missing.join(', ')}, which does not exist, so the kubelet cannot set up its volumes.` : 'The kubelet reports a missing Secret or ConfigMap; whether it exists now could not be checked.',
    evidenceFor,
    evidenceAgainst,
    nextSteps: [`Create the missing object in namespace ${ns ?? ''} (or mark the volume \`optional: true\`), e.g. \`kubectl -n ${ns ?? ''} get secret,configmap\` to compare names.`],
  };
}

export const missingConfigObject: Hypothesis = {
  id: 'missing-config-object',
  title: 'A Secret or ConfigMap the pod mounts is missing',
  needs: ['Event'],
  // Judged per object: the kind of each missing object is checked where it is named.
  reads: ['Pod', 'Secret', 'ConfigMap'],
  assess,
  explain(_ctx, assessment) {
    return [{ question: 'How did the volume setup fail?', answer: assessment.summary, evidence: assessment.evidenceFor }];
  },
};
