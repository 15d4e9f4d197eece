/**
 * The alert contract between the watch engine (which decides what fires, repeats and resolves) and the
 * sinks (which deliver). Plain data: a sink never looks at the model, so everything a receiver shows is
 * carried here, and every sentence in it comes from a finding or a diagnosis built from objects read.
 */
import type { Finding, FindingId } from '../checks/types.ts';
import type { ObjectRef } from '../model/refs.ts';
import type { Verdict } from '../diagnose/types.ts';

/** One cause from the diagnosis of the affected pod (best first, ruled-out causes left out). */
export interface AlertHypothesis {
  id: string;
  verdict: Verdict;
  title: string;
  summary: string;
  /** Absolute link to the hypothesis page (`<docs base URL>/hypotheses/<id>.md`). */
  docsUrl: string;
}

/** The diagnosis attached to an alert about a pod (or about a workload, through one of its pods). */
export interface AlertDiagnosis {
  pod: ObjectRef;
  /** Top causes, at most three, best first; empty when nothing applies (the text says so). */
  hypotheses: AlertHypothesis[];
  /** The winner's next steps. */
  nextSteps: string[];
}

/** An alert is about one finding: its id, severity, title, summary, subject, node and related objects, as found. */
export interface Alert extends Pick<Finding, 'id' | 'severity' | 'title' | 'summary' | 'subject' | 'node' | 'related'> {
  /**
   * Identity across updates: `<finding id>/<subject kind>/<namespace>/<name>`. Dedupe, repeat and resolve key on
   * it, and it survives a re-list (a re-listed object has the same kind, namespace and name).
   */
  fingerprint: string;
  /** The finding's evidence as sentences, oldest first. */
  evidence: string[];
  /** When the condition began (a pod's scheduling time for stuck-pod), else when kubehow first saw it; RFC 3339. */
  startsAt: string;
  /** Set once resolved: when kubehow saw the condition end; RFC 3339. */
  endsAt?: string;
  /** Absolute link to the finding page (`<docs base URL>/findings/<id>.md`). */
  docsUrl: string;
  diagnosis?: AlertDiagnosis;
  /**
   * What kubehow could not read when it built the alert (a kind forbidden by RBAC, a resource it could not list,
   * an API server it lost): the limits of this alert, said rather than hidden. Absent when everything was read.
   */
  caveats?: string[];
  /**
   * Receiver-facing labels (Alertmanager routes on them): `alertname` (`Kubehow` + the id in PascalCase),
   * `severity`, `kubehow_id`, `namespace`, the subject's kind in lower case (`pod`, `deployment`, `node`…) set
   * to its name, and `node` when there is one. Values are cluster strings: sinks escape them for their format.
   */
  labels: Record<string, string>;
}

/**
 * What a sink is asked to deliver. `firing`: first time, or again after it had resolved; `repeat`: still firing
 * after the repeat interval (chat sinks re-post, Alertmanager refreshes); `resolved`: the condition ended.
 */
export interface Notification {
  type: 'firing' | 'repeat' | 'resolved';
  alert: Alert;
  /** When the engine emitted it, RFC 3339 (the injected clock in tests). */
  at: string;
}

/** A delivery that failed; `retryable: false` (a 400 from the receiver, say) is dropped after logging, not retried. */
export class SinkError extends Error {
  readonly retryable: boolean;
  constructor(message: string, retryable: boolean) {
    super(message);
    this.name = 'SinkError';
    this.retryable = retryable;
  }
}

export interface Sink {
  /** Stable name for metrics and logs, e.g. `alertmanager`, `slack`, `webhook`, `stdout`. */
  readonly name: string;
  /**
   * Alertmanager forgets an alert that is not re-sent (its `resolve_timeout`): a sink that needs firing alerts
   * re-sent periodically says how often; chat sinks leave it undefined and get `repeat` only at the repeat interval.
   */
  readonly resendIntervalMs?: number;
  /**
   * Most notifications one `send` takes. A receiver that takes one message per request (chat webhooks) says 1, so a
   * retry after a failure never re-posts notifications an earlier request already delivered. Undefined: the queue's default.
   */
  readonly maxBatchSize?: number;
  /** Delivers one batch (same order as emitted). Throws SinkError on failure; the queue retries with backoff. */
  send(batch: readonly Notification[]): Promise<void>;
}

/** `stuck-pod` → `KubehowStuckPod`. */
export function alertName(id: FindingId): string {
  return `Kubehow${id.split('-').map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('')}`;
}
