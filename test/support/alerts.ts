/** Alerts and notifications for sink tests, built in code (the engine builds the real ones from findings). */
import type { Alert, AlertDiagnosis, Notification } from '../../src/watch/alert.ts';
import { alertName } from '../../src/watch/alert.ts';

const DOCS = 'https://docs.example.test/kubehow';

export interface TestAlertInput {
  namespace?: string;
  pod?: string;
  node?: string;
  startsAt?: string;
  endsAt?: string;
  evidence?: string[];
  diagnosis?: AlertDiagnosis | null;
}

/** A stuck-pod alert on `pod` (default `media/sonarr-0`) with a two-cause diagnosis unless told otherwise. */
export function stuckPodAlert(input: TestAlertInput = {}): Alert {
  const namespace = input.namespace ?? 'media';
  const pod = input.pod ?? 'sonarr-0';
  const node = input.node ?? 'worker-2';
  const alert: Alert = {
    fingerprint: `stuck-pod/pod/${namespace}/${pod}`,
    id: 'stuck-pod',
    severity: 'critical',
    title: `Pod ${namespace}/${pod} stuck in ContainerCreating`,
    summary: `Pod ${namespace}/${pod} has waited 12m to start on node ${node}.`,
    subject: { kind: 'Pod', namespace, name: pod },
    node,
    related: [],
    evidence: input.evidence ?? [`Event FailedMount on Pod ${namespace}/${pod}: MountVolume.WaitForAttach failed for volume "pvc-1"`],
    startsAt: input.startsAt ?? '2026-03-30T03:00:00.000Z',
    docsUrl: `${DOCS}/findings/stuck-pod.md`,
    labels: { alertname: alertName('stuck-pod'), severity: 'critical', kubehow_id: 'stuck-pod', namespace, pod, node },
  };
  if (input.endsAt !== undefined) alert.endsAt = input.endsAt;
  const diagnosis = input.diagnosis === undefined ? defaultDiagnosis(namespace, pod) : input.diagnosis;
  if (diagnosis !== null) alert.diagnosis = diagnosis;
  return alert;
}

function defaultDiagnosis(namespace: string, pod: string): AlertDiagnosis {
  return {
    pod: { kind: 'Pod', namespace, name: pod },
    hypotheses: [
      { id: 'hairpin-colocation', verdict: 'likely', title: 'iSCSI target on the same node', summary: 'The pod and its iSCSI target share node worker-2.', docsUrl: `${DOCS}/hypotheses/hairpin-colocation.md` },
      { id: 'csi-node-plugin-down', verdict: 'possible', title: 'CSI node plugin not running', summary: 'No ready node plugin pod was read on worker-2.', docsUrl: `${DOCS}/hypotheses/csi-node-plugin-down.md` },
    ],
    nextSteps: ['Cordon worker-2 and delete the pod so it schedules away from its target.'],
  };
}

export function notify(type: Notification['type'], alert: Alert, at = '2026-03-30T03:12:00.000Z'): Notification {
  return { type, alert, at };
}
