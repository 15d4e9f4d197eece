/**
 * Finding → Alert: labels for routing, links to the docs, and the diagnosis of the affected pod. Pure: the
 * model and the clock come in, the alert goes out, and every sentence in it comes from the finding or the
 * diagnosis (which come from objects and events read).
 */
import type { Finding } from '../checks/types.ts';
import type { Pod } from '../kube/types.ts';
import { isPodReady } from '../kube/pod.ts';
import type { Model } from '../model/model.ts';
import { formatTime } from '../model/time.ts';
import type { ObjectRef } from '../model/refs.ts';
import { diagnose } from '../diagnose/diagnose.ts';
import { alertName, type Alert, type AlertDiagnosis } from './alert.ts';
import { findingDocUrl, hypothesisDocUrl } from '../docs-links.ts';

/** Causes carried per alert: enough to act on, short enough for a chat message. */
const TOP_HYPOTHESES = 3;

/** Identity of a finding across passes and re-lists: id and subject, never uid (a re-created object is the same problem). */
export function fingerprintOf(finding: Pick<Finding, 'id' | 'subject'>): string {
  return `${finding.id}/${finding.subject.kind}/${finding.subject.namespace ?? ''}/${finding.subject.name}`;
}

/** The pod whose diagnosis explains the finding: the subject when it is a pod, else the first related pod that is not Ready. */
export function affectedPod(finding: Finding, model: Model): Pod | undefined {
  const candidates: ObjectRef[] = [finding.subject, ...finding.related].filter((r) => r.kind === 'Pod');
  for (const ref of candidates) {
    const pod = model.get('Pod', ref.namespace, ref.name);
    // A Ready pod has nothing to diagnose: its diagnosis would only say so.
    if (pod !== undefined && !isPodReady(pod)) return pod;
  }
  return undefined;
}

/** Earliest time the finding's evidence refers to (a stuck pod's scheduling, a condition's transition). */
function evidenceStart(finding: Finding): number | undefined {
  let earliest: number | undefined;
  for (const e of finding.evidence) {
    const t = e.at !== undefined ? Date.parse(e.at) : Number.NaN;
    if (!Number.isNaN(t) && (earliest === undefined || t < earliest)) earliest = t;
  }
  return earliest;
}

export interface AlertBuildOptions {
  docsBaseUrl: string;
  /** When the engine first saw the finding (epoch ms): `startsAt` when the evidence carries no time. */
  firstSeenMs: number;
  /** Diagnose the affected pod (false when the pass has already diagnosed its quota). */
  diagnose: boolean;
  /** The findings of this pass, reused as the diagnosis's secondary findings. */
  findings: readonly Finding[];
}

function diagnosisOf(pod: Pod, model: Model, options: AlertBuildOptions): AlertDiagnosis {
  const report = diagnose(model, pod, { secondary: options.findings });
  const top = report.hypotheses.filter((h) => h.verdict !== 'ruled-out').slice(0, TOP_HYPOTHESES);
  return {
    pod: { kind: 'Pod', namespace: report.pod.namespace, name: report.pod.name, ...(report.pod.uid !== undefined ? { uid: report.pod.uid } : {}) },
    hypotheses: top.map((h) => ({ id: h.id, verdict: h.verdict, title: h.title, summary: h.summary, docsUrl: hypothesisDocUrl(options.docsBaseUrl, h.id) })),
    nextSteps: top[0]?.nextSteps ?? [],
  };
}

/** Caveats carried per alert at most; the rest are counted. */
const MAX_CAVEATS = 5;

/** What the source could not read (forbidden, failing, no longer served), from the state's notes. */
export function caveatsOf(model: Model): string[] {
  const messages = [...new Set(model.notes.filter((n) => n.kind === 'forbidden' || n.kind === 'unavailable' || n.kind === 'missing').map((n) => n.message))];
  if (messages.length <= MAX_CAVEATS) return messages;
  return [...messages.slice(0, MAX_CAVEATS), `… and ${messages.length - MAX_CAVEATS} more things that could not be read`];
}

export function buildAlert(finding: Finding, model: Model, options: AlertBuildOptions): Alert {
  const labels: Record<string, string> = {
    alertname: alertName(finding.id),
    severity: finding.severity,
    kubehow_id: finding.id,
    [finding.subject.kind.toLowerCase()]: finding.subject.name,
  };
  if (finding.subject.namespace !== undefined) labels.namespace = finding.subject.namespace;
  if (finding.node !== undefined) labels.node = finding.node;
  const alert: Alert = {
    fingerprint: fingerprintOf(finding),
    id: finding.id,
    severity: finding.severity,
    title: finding.title,
    summary: finding.summary,
    subject: finding.subject,
    related: finding.related,
    evidence: finding.evidence.map((e) => e.text),
    startsAt: formatTime(Math.min(options.firstSeenMs, evidenceStart(finding) ?? options.firstSeenMs)),
    docsUrl: findingDocUrl(options.docsBaseUrl, finding.id),
    labels,
  };
  if (finding.node !== undefined) alert.node = finding.node;
  const caveats = caveatsOf(model);
  if (caveats.length > 0) alert.caveats = caveats;
  const pod = options.diagnose ? affectedPod(finding, model) : undefined;
  if (pod !== undefined) {
    alert.diagnosis = diagnosisOf(pod, model, options);
    if (finding.subject.kind !== 'Pod') labels.pod = pod.metadata.name;
  }
  return alert;
}
