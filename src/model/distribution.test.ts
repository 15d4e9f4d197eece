import { describe, expect, it } from 'vitest';
import type { Node } from '../kube/types.ts';
import { detectDistribution, normalizeRoot } from './distribution.ts';

function node(opts: { labels?: Record<string, string>; annotations?: Record<string, string>; kubeletVersion?: string; osImage?: string; providerID?: string }): Node {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: 'n1', labels: { 'kubernetes.io/hostname': 'n1', ...opts.labels }, annotations: opts.annotations ?? {} },
    spec: opts.providerID !== undefined ? { providerID: opts.providerID } : {},
    status: { nodeInfo: { kubeletVersion: opts.kubeletVersion ?? 'v1.29.4', osImage: opts.osImage ?? 'Ubuntu 22.04.4 LTS' } },
  };
}

describe('detectDistribution', () => {
  it('recognises microk8s by its labels and moves the kubelet root into the snap', () => {
    const d = detectDistribution(node({ labels: { 'microk8s.io/cluster': 'true' }, kubeletVersion: 'v1.27.16' }));
    expect(d).toMatchObject({ name: 'microk8s', kubeletRoot: '/var/snap/microk8s/common/var/lib/kubelet', kubeletRootFromDistribution: true });
    expect(d.signs[0]).toContain('microk8s.io/cluster');
  });

  it('recognises k0s by its version suffix or labels', () => {
    // k0sproject/k0s#2599 reports version v1.25.4+k0s.0
    expect(detectDistribution(node({ kubeletVersion: 'v1.25.4+k0s' }))).toMatchObject({ name: 'k0s', kubeletRoot: '/var/lib/k0s/kubelet', kubeletRootFromDistribution: true });
    expect(detectDistribution(node({ labels: { 'node.k0sproject.io/role': 'control-plane' } })).name).toBe('k0s');
  });

  it('tells RKE2 from k3s (both carry a +suffix) and keeps the default root for both', () => {
    expect(detectDistribution(node({ kubeletVersion: 'v1.29.4+rke2r1' }))).toMatchObject({ name: 'rke2', kubeletRoot: '/var/lib/kubelet', kubeletRootFromDistribution: false });
    expect(detectDistribution(node({ kubeletVersion: 'v1.29.4+k3s1' }))).toMatchObject({ name: 'k3s', kubeletRoot: '/var/lib/kubelet', kubeletRootFromDistribution: false });
    expect(detectDistribution(node({ annotations: { 'k3s.io/hostname': 'n1' } })).name).toBe('k3s');
    expect(detectDistribution(node({ annotations: { 'rke2.io/hostname': 'n1', 'k3s.io/node-args': '[]' } })).name).toBe('rke2');
    expect(detectDistribution(node({ labels: { 'node.kubernetes.io/instance-type': 'k3s' } })).name).toBe('k3s');
  });

  it('marks image-based kubelets (Talos, minikube ISO, RKE1, kind) as containerized', () => {
    expect(detectDistribution(node({ osImage: 'Talos (v1.7.0)' }))).toMatchObject({ name: 'talos', containerizedKubelet: true });
    expect(detectDistribution(node({ labels: { 'minikube.k8s.io/name': 'minikube' }, osImage: 'Buildroot 2023.02.9' }))).toMatchObject({ name: 'minikube', containerizedKubelet: true });
    expect(detectDistribution(node({ annotations: { 'rke.cattle.io/external-ip': '10.0.0.1' } }))).toMatchObject({ name: 'rke', containerizedKubelet: true });
    expect(detectDistribution(node({ providerID: 'kind://docker/kind/kind-control-plane' }))).toMatchObject({ name: 'kind', containerizedKubelet: true });
  });

  it('says unknown for a plain kubeadm node, with the default root as a default only', () => {
    expect(detectDistribution(node({}))).toEqual({ name: 'unknown', signs: [], kubeletRoot: '/var/lib/kubelet', kubeletRootFromDistribution: false, containerizedKubelet: false });
  });

  it('compares roots without trailing slashes', () => {
    expect(normalizeRoot('/var/lib/kubelet/')).toBe('/var/lib/kubelet');
    expect(normalizeRoot('/')).toBe('/');
  });
});
