/**
 * A realistic base cluster per distribution: nodes with the nodeInfo each distribution reports, the kube-system
 * components it ships (CNI, CoreDNS, metrics-server, kube-proxy where it runs one), and one unrelated healthy
 * app with its Service, so every scenario has noise the engine must not trip over.
 *
 * Versions are the ones of the releases named (k3s v1.29.4+k3s1, microk8s 1.28 snap, k0s v1.30.2+k0s.0,
 * Talos v1.7.5 with Kubernetes v1.30.2, kubeadm v1.29.4 on Ubuntu 22.04).
 */
import { ClusterBuilder, configMapVolume, hostPathVolume, running, type NodeOptions } from '../support/cluster-builder.ts';
import type { Distribution } from './types.ts';

interface Profile {
  flavor: 'microk8s' | 'kubeadm';
  serviceCIDR: string;
  podCIDR: (i: number) => string;
  nodeIp: (i: number) => string;
  node: (name: string, i: number) => NodeOptions;
  /** The kubelet's root directory on this distribution's nodes. */
  kubeletDir: string;
  dnsIP: string;
}

const k3sNode = (name: string, i: number): NodeOptions => ({
  kubeletVersion: 'v1.29.4+k3s1',
  containerRuntimeVersion: 'containerd://1.7.15-k3s1',
  osImage: 'Ubuntu 22.04.4 LTS',
  kernelVersion: '5.15.0-107-generic',
  roles: i === 0 ? ['control-plane', 'master'] : [],
  labels: { 'node.kubernetes.io/instance-type': 'k3s', 'beta.kubernetes.io/instance-type': 'k3s' },
  annotations: { 'k3s.io/hostname': name, 'k3s.io/internal-ip': `192.168.50.${String(21 + i)}`, 'flannel.alpha.coreos.com/backend-type': 'vxlan', 'flannel.alpha.coreos.com/public-ip': `192.168.50.${String(21 + i)}` },
});

const PROFILES: Record<Distribution, Profile> = {
  microk8s: {
    flavor: 'microk8s',
    serviceCIDR: '10.152.183.0/24',
    podCIDR: (i) => `10.1.${String([73, 236, 219, 41][i] ?? 100 + i)}.0/24`,
    nodeIp: (i) => `192.168.1.${String(11 + i)}`,
    node: () => ({ kubeletVersion: 'v1.28.3', containerRuntimeVersion: 'containerd://1.6.15', osImage: 'Ubuntu 22.04.3 LTS', kernelVersion: '5.15.0-91-generic' }),
    kubeletDir: '/var/snap/microk8s/common/var/lib/kubelet',
    dnsIP: '10.152.183.10',
  },
  k3s: {
    flavor: 'kubeadm',
    serviceCIDR: '10.43.0.0/16',
    podCIDR: (i) => `10.42.${String(i)}.0/24`,
    nodeIp: (i) => `192.168.50.${String(21 + i)}`,
    node: k3sNode,
    kubeletDir: '/var/lib/kubelet',
    dnsIP: '10.43.0.10',
  },
  k0s: {
    flavor: 'kubeadm',
    serviceCIDR: '10.96.0.0/16',
    podCIDR: (i) => `10.244.${String(i)}.0/24`,
    nodeIp: (i) => `10.0.0.${String(31 + i)}`,
    node: () => ({ kubeletVersion: 'v1.30.2+k0s', containerRuntimeVersion: 'containerd://1.7.18', osImage: 'Debian GNU/Linux 12 (bookworm)', kernelVersion: '6.1.0-21-amd64', labels: { 'node.k0sproject.io/role': 'worker' } }),
    kubeletDir: '/var/lib/k0s/kubelet',
    dnsIP: '10.96.0.10',
  },
  talos: {
    flavor: 'kubeadm',
    serviceCIDR: '10.96.0.0/16',
    podCIDR: (i) => `10.244.${String(i)}.0/24`,
    nodeIp: (i) => `172.20.0.${String(2 + i)}`,
    node: (_name, i) => ({ kubeletVersion: 'v1.30.2', containerRuntimeVersion: 'containerd://1.7.18', osImage: 'Talos (v1.7.5)', kernelVersion: '6.6.33-talos', roles: i === 0 ? ['control-plane'] : [] }),
    kubeletDir: '/var/lib/kubelet',
    dnsIP: '10.96.0.10',
  },
  kubeadm: {
    flavor: 'kubeadm',
    serviceCIDR: '10.96.0.0/16',
    podCIDR: (i) => `10.244.${String(i)}.0/24`,
    nodeIp: (i) => `10.10.0.${String(11 + i)}`,
    node: (_name, i) => ({ kubeletVersion: 'v1.29.4', containerRuntimeVersion: 'containerd://1.7.15', osImage: 'Ubuntu 22.04.4 LTS', kernelVersion: '5.15.0-105-generic', roles: i === 0 ? ['control-plane'] : [] }),
    kubeletDir: '/var/lib/kubelet',
    dnsIP: '10.96.0.10',
  },
};

/** The kubelet root directory of a distribution's nodes. */
export function kubeletDir(d: Distribution): string {
  return PROFILES[d].kubeletDir;
}

export interface BaseOptions {
  nodes: string[];
  /** Per node overrides (readiness, taints, heartbeats...). */
  nodeOptions?: Record<string, NodeOptions>;
  /** When the cluster was installed. Default `-60d`. */
  epoch?: string;
}

/** Nodes, kube-system components and an unrelated healthy app; add the scenario's own objects after it. */
export function baseCluster(d: Distribution, now: string, opts: BaseOptions): ClusterBuilder {
  const p = PROFILES[d];
  const c = new ClusterBuilder({ now, flavor: p.flavor, serviceCIDR: p.serviceCIDR, epoch: opts.epoch ?? '-60d' });
  for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system']) c.namespace(ns);
  opts.nodes.forEach((name, i) => {
    const base = p.node(name, i);
    const extra = opts.nodeOptions?.[name] ?? {};
    c.node(name, { ip: p.nodeIp(i), podCIDR: p.podCIDR(i), ...base, ...extra, labels: { ...base.labels, ...extra.labels }, annotations: { ...base.annotations, ...extra.annotations } });
  });
  c.service('default/kubernetes', { selector: null, clusterIP: p.serviceCIDR.replace(/\.0\/\d+$/, '.1'), labels: { component: 'apiserver', provider: 'kubernetes' }, ports: [{ name: 'https', port: 443, targetPort: d === 'microk8s' ? 16443 : 6443 }], addresses: [{ ip: p.nodeIp(0) }] });
  addCni(c, d, opts.nodes);
  addCoreDns(c, d, opts.nodes[0] ?? '', p.dnsIP);
  addMetricsServer(c, opts.nodes[opts.nodes.length - 1] ?? '');
  addHealthyApp(c, opts.nodes[1] ?? opts.nodes[0] ?? '');
  return c;
}

function addCni(c: ClusterBuilder, d: Distribution, nodes: string[]): void {
  const tolerate = [{ effect: 'NoSchedule', operator: 'Exists' }, { effect: 'NoExecute', operator: 'Exists' }];
  if (d === 'microk8s' || d === 'kubeadm') {
    c.daemonSet('kube-system/calico-node', {
      labels: { 'k8s-app': 'calico-node' }, hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: 'calico-node', tolerations: tolerate,
      containers: [{ name: 'calico-node', image: d === 'microk8s' ? 'docker.io/calico/node:v3.25.1' : 'docker.io/calico/node:v3.27.3', securityContext: { privileged: true }, env: [{ name: 'DATASTORE_TYPE', value: 'kubernetes' }] }],
      volumes: [hostPathVolume('lib-modules', '/lib/modules'), hostPathVolume('var-run-calico', d === 'microk8s' ? '/var/snap/microk8s/current/var/run/calico' : '/var/run/calico')],
      state: running({ since: '-20d' }), podCreated: '-20d',
    });
  } else if (d === 'talos') {
    c.daemonSet('kube-system/kube-flannel', {
      labels: { 'k8s-app': 'flannel' }, hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: 'flannel', tolerations: tolerate,
      containers: [{ name: 'kube-flannel', image: 'ghcr.io/siderolabs/flannel:v0.25.3', args: ['--ip-masq', '--kube-subnet-mgr'], securityContext: { privileged: true } }],
      state: running({ since: '-20d' }), podCreated: '-20d',
    });
  } else if (d === 'k0s') {
    c.daemonSet('kube-system/kube-router', {
      labels: { 'k8s-app': 'kube-router' }, hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: 'kube-router', tolerations: tolerate,
      containers: [{ name: 'kube-router', image: 'quay.io/k0sproject/kube-router:v1.6.1-iptables1.8.9-0', args: ['--run-router=true', '--run-firewall=true', '--run-service-proxy=false'], securityContext: { privileged: true } }],
      state: running({ since: '-20d' }), podCreated: '-20d',
    });
  }
  // k3s runs flannel and kube-proxy inside the k3s process: no pods for them.
  if (d === 'kubeadm' || d === 'talos' || d === 'k0s') {
    c.daemonSet('kube-system/kube-proxy', {
      labels: { 'k8s-app': 'kube-proxy' }, hostNetwork: true, priorityClassName: 'system-node-critical', serviceAccountName: 'kube-proxy', tolerations: tolerate,
      containers: [{ name: 'kube-proxy', image: d === 'kubeadm' ? 'registry.k8s.io/kube-proxy:v1.29.4' : d === 'k0s' ? 'quay.io/k0sproject/kube-proxy:v1.30.2' : 'registry.k8s.io/kube-proxy:v1.30.2', command: ['/usr/local/bin/kube-proxy', '--config=/var/lib/kube-proxy/config.conf'], securityContext: { privileged: true } }],
      nodes, state: running({ since: '-20d' }), podCreated: '-20d',
    });
  }
}

function addCoreDns(c: ClusterBuilder, d: Distribution, node: string, clusterIP: string): void {
  c.deployment('kube-system/coredns', {
    labels: { 'k8s-app': 'kube-dns' }, priorityClassName: 'system-cluster-critical', serviceAccountName: 'coredns',
    tolerations: [{ key: 'CriticalAddonsOnly', operator: 'Exists' }],
    containers: [{
      name: 'coredns', image: d === 'k3s' ? 'rancher/mirrored-coredns-coredns:1.10.1' : 'registry.k8s.io/coredns/coredns:v1.11.1', args: ['-conf', '/etc/coredns/Corefile'],
      ports: [{ name: 'dns', containerPort: 53, protocol: 'UDP' }, { name: 'dns-tcp', containerPort: 53 }, { name: 'metrics', containerPort: 9153 }],
      resources: { limits: { memory: '170Mi' }, requests: { cpu: '100m', memory: '70Mi' } },
      readinessProbe: { httpGet: { path: '/ready', port: 8181, scheme: 'HTTP' } },
      volumeMounts: [{ mountPath: '/etc/coredns', name: 'config-volume', readOnly: true }],
    }],
    volumes: [configMapVolume('config-volume', 'coredns')],
    node, podCreated: '-20d', state: running({ since: '-20d' }),
  });
  c.service('kube-system/kube-dns', {
    clusterIP, selector: { 'k8s-app': 'kube-dns' },
    labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
    ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53 }, { name: 'metrics', port: 9153 }],
  });
}

function addMetricsServer(c: ClusterBuilder, node: string): void {
  c.deployment('kube-system/metrics-server', {
    labels: { 'k8s-app': 'metrics-server' }, priorityClassName: 'system-cluster-critical', serviceAccountName: 'metrics-server',
    containers: [{ name: 'metrics-server', image: 'registry.k8s.io/metrics-server/metrics-server:v0.7.1', args: ['--cert-dir=/tmp', '--secure-port=10250', '--kubelet-preferred-address-types=InternalIP,ExternalIP,Hostname', '--metric-resolution=15s'], ports: [{ name: 'https', containerPort: 10250 }] }],
    node, podCreated: '-20d', state: running({ since: '-20d' }),
  });
  c.service('kube-system/metrics-server', { selector: { 'k8s-app': 'metrics-server' }, labels: { 'k8s-app': 'metrics-server' }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] });
}

/** An unrelated app that works, so a healthy pod with a Service sits beside the broken one. */
function addHealthyApp(c: ClusterBuilder, node: string): void {
  c.deployment('monitoring/uptime-kuma', {
    labels: { 'app.kubernetes.io/name': 'uptime-kuma' },
    containers: [{ name: 'uptime-kuma', image: 'louislam/uptime-kuma:1.23.13', ports: [{ name: 'http', containerPort: 3001 }], readinessProbe: { httpGet: { path: '/', port: 3001 } } }],
    node, podCreated: '-9d', state: running({ since: '-9d' }),
  });
  c.service('monitoring/uptime-kuma', { selector: { 'app.kubernetes.io/name': 'uptime-kuma' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] });
}
