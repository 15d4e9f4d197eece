/** diagnose(model, pod): the ranked differential diagnosis of one pod. Pure. */
import type { Pod } from '../kube/types.ts';
import { isPodReady, podNode, scheduledAt, waitingReason } from '../kube/pod.ts';
import { text } from '../kube/read.ts';
import type { Model } from '../model/model.ts';
import { describeRef, type ObjectRef } from '../model/refs.ts';
import { formatTime } from '../model/time.ts';
import type { DataPath } from '../model/datapath/types.ts';
import type { Finding } from '../checks/types.ts';
import { internalErrorFinding, runChecks } from '../checks/run.ts';
import { buildPodContext } from './context.ts';
import { buildChain } from './chain.ts';
import { headAndCause, objectEvidence } from './evidence.ts';
import { HYPOTHESES } from './registry.ts';
import { DIAGNOSIS_API_VERSION, type DataPathReport, type Diagnosis, type HypothesisReport, type StaleEventReport } from './report.ts';
import { compareAssessments } from './rank.ts';
import { applyMissingData } from './missing-data.ts';
import { type Assessment, type Evidence, type Hypothesis, type PodContext } from './types.ts';

export interface DiagnoseOptions {
  hypotheses?: readonly Hypothesis[];
  /** Set when the pod was found from a workload name; reported so the user knows which pod was diagnosed. */
  resolvedFrom?: string;
  /** Cluster-wide findings already computed on this model (the watcher's detection pass), instead of running every check again. */
  secondary?: readonly Finding[];
}

function docsPath(id: string): string {
  return `docs/hypotheses/${id}.md`;
}

function rank(a: HypothesisReport, b: HypothesisReport): number {
  return compareAssessments(a, b) || a.id.localeCompare(b.id);
}

/** `confirmed` requires every neighbour with the same symptom to be ruled out (HYPOTHESES.md); otherwise it is `likely`. */
function enforceConfirmation(results: { hypothesis: Hypothesis; assessment: Assessment }[]): void {
  for (const r of results) {
    if (r.assessment.verdict !== 'confirmed') continue;
    const open = results.filter((o) => o !== r && o.assessment.verdict !== 'ruled-out');
    if (open.length > 0) {
      r.assessment.verdict = 'likely';
      r.assessment.evidenceAgainst.push({ kind: 'inference', text: `Not confirmed: ${open.map((o) => o.hypothesis.id).join(', ')} cannot be excluded from the data at hand` });
    }
  }
}

function staleReport(ctx: PodContext): StaleEventReport[] {
  return ctx.stale.map(({ event, stale }) => {
    const report: StaleEventReport = {
      event: { name: event.self.name, reason: event.reason, message: event.message, involvedObject: event.involved, source: {} },
      why: stale?.why ?? '',
    };
    if (event.self.uid !== undefined) report.event.uid = event.self.uid;
    if (event.component !== undefined) report.event.source.component = event.component;
    if (event.host !== undefined) report.event.source.host = event.host;
    if (event.last !== undefined) report.event.lastSeen = formatTime(event.last);
    return report;
  });
}

function pathReport(p: DataPath): DataPathReport {
  const r: DataPathReport = {
    volume: p.volume,
    protocol: p.protocol,
    servingPods: p.servingPods.map((s) => ({ name: s.ref.name, ready: s.ready, restarts: s.restarts, ...(s.ref.namespace !== undefined ? { namespace: s.ref.namespace } : {}), ...(s.ref.uid !== undefined ? { uid: s.ref.uid } : {}), ...(s.node !== undefined ? { node: s.node } : {}) })),
    replicas: p.replicas.map((s) => ({ kind: s.ref.kind, name: s.ref.name, ready: s.ready, restarts: s.restarts, ...(s.ref.namespace !== undefined ? { namespace: s.ref.namespace } : {}), ...(s.ref.uid !== undefined ? { uid: s.ref.uid } : {}), ...(s.node !== undefined ? { node: s.node } : {}), ...(s.mode !== undefined ? { mode: s.mode } : {}) })),
    nodePlugins: p.nodePlugins.map((n) => ({ name: n.ref.name, ready: n.ready, ...(n.ref.namespace !== undefined ? { namespace: n.ref.namespace } : {}), ...(n.node !== undefined ? { node: n.node } : {}) })),
    attachments: p.attachments.map((a) => ({ name: a.ref.name, ...(a.node !== undefined ? { node: a.node } : {}), ...(a.attached !== undefined ? { attached: a.attached } : {}) })),
    trace: p.trace,
    gaps: p.gaps,
  };
  if (p.claim !== undefined) r.claim = p.claim;
  if (p.persistentVolume !== undefined) r.persistentVolume = p.persistentVolume;
  if (p.engine !== undefined) r.engine = p.engine;
  if (p.portal !== undefined) {
    r.portal = p.portal.address;
    r.portalKind = p.portal.kind;
  }
  if (p.service !== undefined) r.service = { ...p.service.ref, ...(p.service.clusterIP !== undefined ? { clusterIP: p.service.clusterIP } : {}) };
  if (p.replicationFactor !== undefined) r.replicationFactor = p.replicationFactor;
  if (p.driver !== undefined) r.driver = p.driver;
  return r;
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  if (a.uid !== undefined && b.uid !== undefined) return a.uid === b.uid;
  return a.kind === b.kind && a.name === b.name && (a.namespace ?? '') === (b.namespace ?? '');
}

/** Secondary findings that touch this pod (its node, workload, targets or replicas) first, the rest of the cluster after. */
function orderSecondary(ctx: PodContext, all: Finding[]): Finding[] {
  // "this pod is stuck, run kubehow diagnose on it" says nothing inside its own diagnosis.
  const findings = all.filter((f) => !(f.id === 'stuck-pod' && sameRef(f.subject, ctx.podRef)));
  const mine: ObjectRef[] = [ctx.podRef, ...(ctx.workload !== undefined ? [ctx.workload] : [])];
  for (const p of ctx.paths) mine.push(...p.servingPods.map((s) => s.ref), ...p.replicas.map((r) => r.ref));
  const touches = (f: Finding): boolean => [f.subject, ...f.related].some((r) => mine.some((m) => sameRef(r, m))) || (f.node !== undefined && f.node === ctx.node);
  return [...findings.filter(touches), ...findings.filter((f) => !touches(f))];
}

function isHealthy(pod: Pod): boolean {
  const phase = text(pod.status?.phase);
  return phase === 'Succeeded' || (phase === 'Running' && isPodReady(pod));
}

/** The diagnosis of one pod of the model. */
export function diagnose(model: Model, pod: Pod, options: DiagnoseOptions = {}): Diagnosis {
  const ctx = buildPodContext(model, pod);
  const secondaryFindings = options.secondary !== undefined ? [...options.secondary] : runChecks(model);
  const notes = [
    ...model.notes.map((n) => ({ kind: n.kind, message: n.message })),
    ...ctx.paths.flatMap((p) => p.gaps.map((g) => ({ kind: 'data-path', message: `volume "${p.volume}": ${g}` }))),
  ];
  const node = podNode(pod);
  const since = scheduledAt(pod);
  const waiting = waitingReason(pod);
  const diagnosis: Diagnosis = {
    apiVersion: DIAGNOSIS_API_VERSION,
    kind: 'Diagnosis',
    observedAt: model.observedAt,
    pod: { namespace: ctx.podRef.namespace ?? '', name: ctx.podRef.name },
    hypotheses: [],
    chain: [],
    staleEvents: staleReport(ctx),
    dataPaths: ctx.paths.map(pathReport),
    secondary: [],
    notes,
    missingData: [],
  };
  if (ctx.podRef.uid !== undefined) diagnosis.pod.uid = ctx.podRef.uid;
  if (node !== undefined) diagnosis.pod.node = node;
  const phase = text(pod.status?.phase);
  if (phase !== undefined) diagnosis.pod.phase = phase;
  if (waiting !== undefined) diagnosis.pod.waitingReason = waiting;
  if (waiting !== undefined && since !== undefined) diagnosis.pod.waitingSince = formatTime(since);
  if (ctx.workload !== undefined) diagnosis.pod.owner = ctx.workload;
  if (options.resolvedFrom !== undefined) diagnosis.pod.resolvedFrom = options.resolvedFrom;
  diagnosis.secondary = orderSecondary(ctx, secondaryFindings);

  if (isHealthy(pod)) {
    diagnosis.chain = [
      {
        question: `Is ${describeRef(ctx.podRef)} healthy?`,
        answer: phase === 'Succeeded' ? 'Yes: it ran to completion.' : `Yes: it is Running and Ready${node !== undefined ? ` on ${node}` : ''}. There is nothing to diagnose.`,
        evidence: [objectEvidence(ctx.podRef, `phase ${phase ?? '?'}, Ready=True`)],
      },
    ];
    return diagnosis;
  }

  const hypotheses = options.hypotheses ?? HYPOTHESES;
  const results: { hypothesis: Hypothesis; assessment: Assessment }[] = [];
  const notApplicable: Hypothesis[] = [];
  for (const hypothesis of hypotheses) {
    try {
      const assessment = hypothesis.assess(ctx);
      if (assessment === undefined) notApplicable.push(hypothesis);
      else results.push({ hypothesis, assessment });
    } catch (err) {
      diagnosis.secondary.unshift(internalErrorFinding('Hypothesis', hypothesis.id, err));
    }
  }
  // Before confirmation: a hypothesis capped for missing data is no longer ruled out, so it keeps its neighbours from being confirmed.
  diagnosis.missingData = applyMissingData(model, results, notApplicable);
  enforceConfirmation(results);
  const reports: HypothesisReport[] = results.map(({ hypothesis, assessment }) => ({
    id: hypothesis.id,
    verdict: assessment.verdict,
    score: Math.round(assessment.score * 100) / 100,
    title: hypothesis.title,
    summary: assessment.summary,
    evidenceFor: assessment.evidenceFor,
    evidenceAgainst: assessment.evidenceAgainst,
    nextSteps: assessment.nextSteps,
    docs: docsPath(hypothesis.id),
  }));
  reports.sort(rank);
  const best = reports[0];
  const winner = best !== undefined && best.verdict !== 'ruled-out' ? results.find((r) => r.hypothesis.id === best.id) : undefined;
  const checked = [
    ...reports.filter((r) => r.verdict === 'ruled-out').map((r) => `${r.id} (ruled out: ${r.summary})`),
    ...(notApplicable.length > 0 ? [`${notApplicable.map((h) => h.id).join(', ')} (their symptoms are absent from current events)`] : []),
  ];
  if (winner === undefined) {
    const evidenceAgainst: Evidence[] = [
      ...checked.map((c) => ({ kind: 'absence' as const, text: `Checked ${c}` })),
      ...notes.map((n) => ({ kind: 'gap' as const, text: n.message })),
      ...diagnosis.missingData.map((m) => ({ kind: 'gap' as const, text: `${m.message} (needed by ${m.neededBy.join(', ')})` })),
    ];
    if (ctx.current.length === 0) evidenceAgainst.push({ kind: 'absence', text: `No current event concerns ${describeRef(ctx.podRef)}` });
    reports.unshift({
      id: 'unknown',
      verdict: 'possible',
      score: 0,
      title: 'No known cause fits the evidence',
      summary: `None of the ${hypotheses.length} causes kubehow knows is supported by the objects and events read.`,
      evidenceFor: ctx.current.map((e) => ({ kind: 'event' as const, text: `${e.type} ${e.reason}: ${headAndCause(e.message)}`, ref: e.self })),
      evidenceAgainst,
      nextSteps: [`\`kubectl -n ${ctx.podRef.namespace ?? ''} describe pod ${ctx.podRef.name}\` and the kubelet log on ${node ?? 'its node'} (\`journalctl -u kubelet\`, or \`snap logs microk8s.daemon-kubelite\` on microk8s).`],
      docs: docsPath('unknown'),
    });
  }
  diagnosis.hypotheses = reports;
  diagnosis.chain = buildChain(ctx, winner, checked);
  return diagnosis;
}
