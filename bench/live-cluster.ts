/**
 * Synthetic clusters for the live benchmark: the seed incident (examples/sonarr-hairpin) plus `pods`
 * filler pods in other namespaces, each with its ReplicaSet/Deployment, and, for every tenth, a Service,
 * an EndpointSlice, a claim, an iSCSI PV behind that Service, and a warning event. So the cluster grows in
 * every kind a targeted diagnose could be tempted to scan, while the diagnosed pod stays the same.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { KubeObject } from '../src/sources/types.ts';

const SEED = fileURLToPath(new URL('../examples/sonarr-hairpin/cluster.json', import.meta.url));
const TIME = '2026-03-30T08:00:00Z';
const PODS_PER_NODE = 100;
const PODS_PER_NAMESPACE = 500;

function seed(): KubeObject[] {
  return (JSON.parse(readFileSync(SEED, 'utf8')) as { items: KubeObject[] }).items;
}

/** The seed cluster grown by `pods` filler pods (and their workloads, services, volumes, nodes and events). */
export function syntheticCluster(pods: number): KubeObject[] {
  const out = seed();
  const nodes = Math.max(1, Math.ceil(pods / PODS_PER_NODE));
  for (let n = 0; n < nodes; n++) {
    out.push({ apiVersion: 'v1', kind: 'Node', metadata: { name: `filler-node-${n}`, uid: `node-${n}`, creationTimestamp: TIME }, status: { conditions: [{ type: 'Ready', status: 'True' }], addresses: [{ type: 'InternalIP', address: `172.16.${Math.floor(n / 250)}.${n % 250}` }] } });
  }
  for (let i = 0; i < pods; i++) {
    const ns = `tenant-${Math.floor(i / PODS_PER_NAMESPACE)}`;
    if (i % PODS_PER_NAMESPACE === 0) out.push({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: `ns-${ns}`, creationTimestamp: TIME } });
    const app = `app-${i}`;
    const node = `filler-node-${i % nodes}`;
    const ip = `10.${64 + Math.floor(i / 65536)}.${Math.floor(i / 256) % 256}.${i % 256}`;
    out.push(
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: app, namespace: ns, uid: `dep-${i}`, creationTimestamp: TIME }, spec: { replicas: 1, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } } },
      { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: `${app}-rs`, namespace: ns, uid: `rs-${i}`, creationTimestamp: TIME, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: app, uid: `dep-${i}`, controller: true }] }, spec: { replicas: 1, selector: { matchLabels: { app } } } },
      {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${app}-rs-x${i}`, namespace: ns, uid: `pod-${i}`, creationTimestamp: TIME, labels: { app }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${app}-rs`, uid: `rs-${i}`, controller: true }] },
        spec: { nodeName: node, containers: [{ name: 'c', image: 'busybox', env: [{ name: 'MODE', value: 'bench' }] }], ...(i % 10 === 0 ? { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: `${app}-data` } }] } : {}) },
        status: { phase: 'Running', podIP: ip, hostIP: '172.16.0.1', startTime: TIME, conditions: [{ type: 'Ready', status: 'True' }], containerStatuses: [{ name: 'c', ready: true, restartCount: 0, state: { running: { startedAt: TIME } } }] },
      },
    );
    if (i % 10 === 0) {
      const clusterIP = `10.200.${Math.floor(i / 256) % 256}.${i % 256}`;
      out.push(
        { apiVersion: 'v1', kind: 'Service', metadata: { name: `${app}-svc`, namespace: ns, uid: `svc-${i}`, creationTimestamp: TIME }, spec: { type: 'ClusterIP', clusterIP, clusterIPs: [clusterIP], selector: { app }, ports: [{ port: 3260 }] } },
        { apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', metadata: { name: `${app}-svc-abcde`, namespace: ns, uid: `eps-${i}`, creationTimestamp: TIME, labels: { 'kubernetes.io/service-name': `${app}-svc` } }, addressType: 'IPv4', endpoints: [{ addresses: [ip], conditions: { ready: true }, nodeName: node, targetRef: { kind: 'Pod', namespace: ns, name: `${app}-rs-x${i}`, uid: `pod-${i}` } }], ports: [{ port: 3260 }] },
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: `${app}-data`, namespace: ns, uid: `pvc-${i}`, creationTimestamp: TIME }, spec: { volumeName: `pv-filler-${i}`, storageClassName: 'filler' }, status: { phase: 'Bound' } },
        { apiVersion: 'v1', kind: 'PersistentVolume', metadata: { name: `pv-filler-${i}`, uid: `pv-${i}`, creationTimestamp: TIME }, spec: { iscsi: { targetPortal: `${clusterIP}:3260`, iqn: `iqn.2016-09.com.example:pv-filler-${i}`, lun: 0 }, claimRef: { namespace: ns, name: `${app}-data` } }, status: { phase: 'Bound' } },
        { apiVersion: 'v1', kind: 'Event', metadata: { name: `${app}.warn`, namespace: ns, uid: `ev-${i}`, creationTimestamp: TIME }, involvedObject: { kind: 'Pod', namespace: ns, name: `${app}-rs-x${i}`, uid: `pod-${i}` }, reason: 'BackOff', type: 'Warning', message: 'Back-off restarting failed container', source: { component: 'kubelet', host: node }, firstTimestamp: TIME, lastTimestamp: TIME, count: 1 },
      );
    }
  }
  return out;
}
