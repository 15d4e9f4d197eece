/** Turns built objects into the ClusterState and Model a source would produce, without files. */
import type { ClusterState, KubeObject } from '../../src/sources/types.ts';
import { buildModel, type Model } from '../../src/model/model.ts';
import type { Pod } from '../../src/kube/types.ts';
import { diagnose } from '../../src/diagnose/diagnose.ts';
import type { Diagnosis } from '../../src/diagnose/report.ts';
import { buildPodContext } from '../../src/diagnose/context.ts';
import type { PodContext } from '../../src/diagnose/types.ts';

/** `kindsRead`: the kinds the state claims to have listed completely (as a live read or a bundle does); default unknown coverage. */
export function stateOf(objects: readonly KubeObject[], observedAt: string, kindsRead?: ReadonlySet<string>): ClusterState {
  const byKind = new Map<string, KubeObject[]>();
  for (const o of objects) {
    const list = byKind.get(o.kind) ?? [];
    list.push(o);
    byKind.set(o.kind, list);
  }
  return {
    objects: byKind,
    observedAt: new Date(observedAt).toISOString(),
    nowSource: 'flag',
    notes: [],
    origin: { type: 'snapshot', paths: ['(built in test)'] },
    ...(kindsRead !== undefined ? { kindsRead } : {}),
  };
}

export function modelOf(objects: readonly KubeObject[], observedAt: string): Model {
  return buildModel(stateOf(objects, observedAt));
}

function podIn(model: Model, nsName: string): Pod {
  const [ns, name] = nsName.split('/');
  const pod = model.pod(ns ?? '', name ?? '');
  if (pod === undefined) throw new Error(`test setup: pod ${nsName} not built`);
  return pod;
}

export function diagnosisOf(objects: readonly KubeObject[], observedAt: string, pod: string, kindsRead?: ReadonlySet<string>): Diagnosis {
  const model = buildModel(stateOf(objects, observedAt, kindsRead));
  return diagnose(model, podIn(model, pod));
}

export function contextOf(objects: readonly KubeObject[], observedAt: string, pod: string): PodContext {
  const model = modelOf(objects, observedAt);
  return buildPodContext(model, podIn(model, pod));
}
