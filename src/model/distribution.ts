/**
 * Which Kubernetes distribution runs a node, and what follows from it for storage: where the kubelet
 * keeps its root directory (CSI registration lives under it) and whether the kubelet runs in a
 * container image that may lack host tools such as iscsiadm. Read from node labels, annotations and
 * `status.nodeInfo` only; pure.
 */
import type { Node } from '../kube/types.ts';
import { text } from '../kube/read.ts';

export type DistributionName = 'microk8s' | 'k0s' | 'k3s' | 'rke2' | 'rke' | 'talos' | 'minikube' | 'kind' | 'unknown';

export interface Distribution {
  name: DistributionName;
  /** The fields that identified it, one sentence each, for evidence. */
  signs: string[];
  /** The kubelet's default `--root-dir` on this distribution. */
  kubeletRoot: string;
  /**
   * True when the distribution moves the root away from `/var/lib/kubelet` (microk8s, k0s): then the root
   * follows from the distribution. For the others `/var/lib/kubelet` is only the default, which
   * `--root-dir` can change without any trace in the Node object.
   */
  kubeletRootFromDistribution: boolean;
  /** The kubelet runs from a container or image of its own, whose tools (iscsiadm, mount helpers) are not the host's. */
  containerizedKubelet: boolean;
}

export const DEFAULT_KUBELET_ROOT = '/var/lib/kubelet';
// microk8s runs the kubelet from its snap; its state lives under the snap's common directory.
const MICROK8S_ROOT = '/var/snap/microk8s/common/var/lib/kubelet';
// k0s passes --root-dir=/var/lib/k0s/kubelet (k0sproject/k0s#2599: CSI plugins do not work out of the box).
const K0S_ROOT = '/var/lib/k0s/kubelet';

function labelKeys(node: Node, prefix: string): string[] {
  return Object.keys(node.metadata.labels ?? {}).filter((k) => k.startsWith(prefix));
}

function annotationKeys(node: Node, prefix: string): string[] {
  return Object.keys(node.metadata.annotations ?? {}).filter((k) => k.startsWith(prefix));
}

function make(name: DistributionName, signs: string[], opts: { root?: string; containerized?: boolean } = {}): Distribution {
  return { name, signs, kubeletRoot: opts.root ?? DEFAULT_KUBELET_ROOT, kubeletRootFromDistribution: opts.root !== undefined, containerizedKubelet: opts.containerized ?? false };
}

/** The distribution of one node, from what its Node object shows. */
export function detectDistribution(node: Node): Distribution {
  const labels = node.metadata.labels ?? {};
  const kubelet = text(node.status?.nodeInfo?.kubeletVersion) ?? '';
  const osImage = text(node.status?.nodeInfo?.osImage) ?? '';

  const microk8s = labelKeys(node, 'microk8s.io/');
  if (microk8s.length > 0 || labels['node.kubernetes.io/microk8s-controlplane'] !== undefined || labels['node.kubernetes.io/microk8s-worker'] !== undefined) {
    return make('microk8s', [`label ${microk8s[0] ?? 'node.kubernetes.io/microk8s-*'}`], { root: MICROK8S_ROOT });
  }
  const k0sLabels = labelKeys(node, 'node.k0sproject.io/');
  if (/\+k0s/.test(kubelet) || k0sLabels.length > 0) {
    return make('k0s', [/\+k0s/.test(kubelet) ? `kubeletVersion ${kubelet}` : `label ${k0sLabels[0] ?? ''}`], { root: K0S_ROOT });
  }
  const rke2 = annotationKeys(node, 'rke2.io/');
  if (/\+rke2/.test(kubelet) || rke2.length > 0) {
    return make('rke2', [/\+rke2/.test(kubelet) ? `kubeletVersion ${kubelet}` : `annotation ${rke2[0] ?? ''}`]);
  }
  const k3s = annotationKeys(node, 'k3s.io/');
  if (/\+k3s/.test(kubelet) || k3s.length > 0 || labels['node.kubernetes.io/instance-type'] === 'k3s') {
    // k3s moved its kubelet root from /var/lib/rancher/k3s/agent/kubelet to /var/lib/kubelet in v0.10; current releases use the default.
    return make('k3s', [/\+k3s/.test(kubelet) ? `kubeletVersion ${kubelet}` : k3s.length > 0 ? `annotation ${k3s[0] ?? ''}` : 'label node.kubernetes.io/instance-type=k3s']);
  }
  if (/^Talos\b/.test(osImage)) {
    // Talos runs the kubelet from an image; since v1.8 the default image is "slim" and has no iscsiadm (siderolabs/extensions#490).
    return make('talos', [`osImage ${osImage}`], { containerized: true });
  }
  const minikube = labelKeys(node, 'minikube.k8s.io/');
  if (minikube.length > 0 || /^Buildroot\b/.test(osImage)) {
    return make('minikube', [minikube.length > 0 ? `label ${minikube[0] ?? ''}` : `osImage ${osImage}`], { containerized: /^Buildroot\b/.test(osImage) });
  }
  if (annotationKeys(node, 'rke.cattle.io/').length > 0) {
    // RKE1 runs the kubelet in the rancher/hyperkube container (rancher/rancher#14161, #15118).
    return make('rke', [`annotation ${annotationKeys(node, 'rke.cattle.io/')[0] ?? ''}`], { containerized: true });
  }
  if ((text(node.spec?.providerID) ?? '').startsWith('kind://')) {
    return make('kind', ['providerID kind://'], { containerized: true });
  }
  return make('unknown', []);
}

/** `/var/lib/kubelet/` → `/var/lib/kubelet`: roots compare without trailing slashes. */
export function normalizeRoot(path: string): string {
  return path.length > 1 ? path.replace(/\/+$/, '') : path;
}
