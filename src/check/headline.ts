/** The few words that name a finding on a plugin's status line, where space is short (pagers, NRPE's 1 KiB). */
import type { Model } from '../model/model.ts';
import { podCondition, podNode, scheduledAt, waitingReason } from '../kube/pod.ts';
import { timeOf } from '../kube/read.ts';
import { formatDuration } from '../model/time.ts';
import { subjectPath } from '../checks/audit.ts';
import type { Finding } from '../checks/types.ts';

/**
 * `media/sonarr-dd4cb4f69-8kmhv in ContainerCreating for 45m on k8s03` for a stuck pod (read from the pod itself),
 * `openebs/openebs-localpv-provisioner-… on k8s02` for other findings about a namespaced subject, `k8s02` for a node.
 */
export function findingHeadline(model: Model, f: Finding): string {
  const path = subjectPath(f);
  if (f.id === 'stuck-pod') {
    const pod = model.resolveAs('Pod', f.subject);
    if (pod !== undefined) {
      const node = podNode(pod);
      const reason = waitingReason(pod);
      const since = node !== undefined ? scheduledAt(pod) : timeOf(podCondition(pod, 'PodScheduled')?.lastTransitionTime) ?? timeOf(pod.metadata.creationTimestamp);
      const state = node === undefined ? 'unscheduled' : `in ${reason ?? 'Pending'}`;
      return `${path} ${state}${since !== undefined ? ` for ${formatDuration(model.now - since)}` : ''}${node !== undefined ? ` on ${node}` : ''}`;
    }
  }
  if (f.subject.kind === 'Node' || f.node === undefined) return path;
  return `${path} on ${f.node}`;
}
