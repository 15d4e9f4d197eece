/**
 * Small parametrised clusters for hypothesis tests: a consumer pod stuck on a legacy Jiva volume,
 * with the knobs that separate the connection-class hypotheses (where the target runs, whether it is
 * ready, where the replicas are, which events exist).
 */
import type { KubeObject } from '../../src/sources/types.ts';
import { ClusterBuilder, pvcVolume, running, waiting, type JivaVolume, type DeploymentResult, type NodeOptions } from './cluster-builder.ts';

export const NOW = '2026-03-30T09:32:00Z';

export interface StuckOnJivaOptions {
  consumerNode?: string;
  controllerNode?: string;
  replicaNodes?: string[];
  /** Readiness of controller and replicas. */
  targetReady?: boolean;
  /** The controller alone is not Ready (crash-looping), and its endpoints say so. */
  controllerReady?: boolean;
  /** Omit the controller pod (and so the Service's endpoint). */
  deleteController?: boolean;
  /** Replica indexes (0-based) whose pods are not ready. */
  downReplicas?: number[];
  /** The FailedMount message on the consumer; default the seed's iSCSI PDU failure for this volume. */
  failedMount?: (v: JivaVolume) => string;
  /** Extra events or objects. */
  extra?: (c: ClusterBuilder, v: JivaVolume, app: DeploymentResult) => void;
  /** Last occurrence of the FailedMount event. Default `-1m`. */
  failedMountLast?: string;
  /** Options of the consumer node (k8s01..k8s03 by name). */
  nodes?: Record<string, NodeOptions>;
}

export function iscsiPduFailure(v: JivaVolume): string {
  const host = v.portal.split(':')[0] ?? '';
  return (
    `MountVolume.WaitForAttach failed for volume "${v.pvName}" : failed to get any path for iscsi disk, last err seen:\n` +
    `iscsi: failed to sendtargets to portal ${v.portal} output: iscsiadm: Connection to Discovery Address ${host} failed\n` +
    'iscsiadm: Login I/O error, failed to receive a PDU\niscsiadm: connection login retries (reopen_max) 5 exceeded\n' +
    'iscsiadm: Could not perform SendTargets discovery: iSCSI PDU timed out\n, err exit status 4'
  );
}

export interface StuckOnJiva {
  objects: KubeObject[];
  volume: JivaVolume;
  app: DeploymentResult;
  pod: string;
  builder: ClusterBuilder;
}

/** `media/app` on `consumerNode`, stuck in ContainerCreating on a Jiva volume whose controller runs on `controllerNode`. */
export function stuckOnJiva(opts: StuckOnJivaOptions = {}): StuckOnJiva {
  const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
  for (const n of ['k8s01', 'k8s02', 'k8s03']) c.node(n, opts.nodes?.[n] ?? {});
  c.namespace('media');
  c.namespace('openebs');
  const volume = c.jivaVolume({
    claim: 'media/app-config',
    controllerNode: opts.controllerNode ?? 'k8s03',
    replicaNodes: opts.replicaNodes ?? ['k8s01', 'k8s02', 'k8s03'],
    ready: opts.targetReady ?? true,
  });
  const app = c.deployment('media/app', {
    image: 'example/app:1',
    node: opts.consumerNode ?? 'k8s03',
    state: waiting('ContainerCreating'),
    podCreated: '-27m',
    volumes: [pvcVolume('config', 'app-config')],
  });
  c.event({ on: app.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${volume.pvName}"`, last: '-26m' });
  c.event({ on: app.pod, reason: 'FailedMount', message: (opts.failedMount ?? iscsiPduFailure)(volume), count: 12, first: '-25m', last: opts.failedMountLast ?? '-1m' });
  opts.extra?.(c, volume, app);
  let objects = c.objects();
  if (opts.deleteController === true) {
    const uid = volume.controllerPod.metadata.uid;
    objects = objects.filter((o) => o.metadata.uid !== uid);
  }
  if (opts.controllerReady === false) {
    const uid = volume.controllerPod.metadata.uid;
    objects = objects.map((o) => (o.metadata.uid === uid ? notReady(o) : o.metadata.uid === volume.endpointSlice.metadata.uid || o.metadata.uid === volume.endpoints.metadata.uid ? endpointsNotReady(o) : o));
  }
  for (const i of opts.downReplicas ?? []) {
    const rep = volume.replicas[i]?.pod;
    if (rep === undefined) continue;
    const uid = rep.metadata.uid;
    objects = objects.map((o) => (o.metadata.uid === uid ? notReady(o) : o));
  }
  return { objects, volume, app, pod: `media/${app.pod.metadata.name}`, builder: c };
}

/** A copy of a pod that crash-loops and is not Ready. */
export function notReady(pod: KubeObject): KubeObject {
  const copy = structuredClone(pod) as KubeObject & { status?: { conditions?: { type: string; status: string }[]; containerStatuses?: Record<string, unknown>[] } };
  for (const cond of copy.status?.conditions ?? []) if (cond.type === 'Ready' || cond.type === 'ContainersReady') cond.status = 'False';
  for (const cs of copy.status?.containerStatuses ?? []) {
    cs.ready = false;
    cs.state = { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container' } };
  }
  return copy;
}

/** A copy of an Endpoints or EndpointSlice whose addresses are all not ready. */
export function endpointsNotReady(obj: KubeObject): KubeObject {
  const copy = structuredClone(obj) as KubeObject & { endpoints?: { conditions?: Record<string, boolean> }[]; subsets?: { addresses?: unknown[]; notReadyAddresses?: unknown[] }[] };
  for (const ep of copy.endpoints ?? []) ep.conditions = { ready: false, serving: false, terminating: false };
  for (const subset of copy.subsets ?? []) {
    subset.notReadyAddresses = [...(subset.notReadyAddresses ?? []), ...(subset.addresses ?? [])];
    delete subset.addresses;
  }
  return copy;
}

export { running };

export interface StuckOnNfsOptions {
  /** The NFS server the PV names, from the in-cluster server Service's ClusterIP. Default: the ClusterIP. */
  server?: (clusterIP: string) => string;
  /** The FailedMount message for that server. */
  failedMount: (server: string) => string;
  consumerNode?: string;
  serverNode?: string;
  extra?: (c: ClusterBuilder, app: DeploymentResult) => void;
}

export interface StuckOnNfs {
  objects: KubeObject[];
  app: DeploymentResult;
  pod: string;
  server: string;
  pvName: string;
}

/** `media/app` stuck in ContainerCreating on an NFS PV served by `storage/nfs-server` (a Deployment behind a ClusterIP Service). */
export function stuckOnNfs(opts: StuckOnNfsOptions): StuckOnNfs {
  const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
  for (const n of ['k8s01', 'k8s02', 'k8s03']) c.node(n);
  c.deployment('storage/nfs-server', { image: 'registry.k8s.io/volume-nfs:0.8', node: opts.serverNode ?? 'k8s01', labels: { app: 'nfs-server' }, ports: [{ name: 'nfs', containerPort: 2049 }] });
  const svc = c.service('storage/nfs-server', { selector: { app: 'nfs-server' }, ports: [{ name: 'nfs', port: 2049 }] });
  const clusterIP = String((svc.service.spec as { clusterIP?: string }).clusterIP);
  const server = opts.server?.(clusterIP) ?? clusterIP;
  const { pv } = c.boundClaim('media/app-data', { source: { nfs: { server, path: '/exports/app' } }, accessModes: ['ReadWriteMany'], pvName: 'app-data-nfs' });
  const app = c.deployment('media/app', { image: 'example/app:1', node: opts.consumerNode ?? 'k8s03', state: waiting('ContainerCreating'), podCreated: '-20m', volumes: [pvcVolume('data', 'app-data')] });
  c.event({ on: app.pod, reason: 'FailedMount', message: opts.failedMount(server), count: 9, first: '-19m', last: '-1m' });
  opts.extra?.(c, app);
  return { objects: c.objects(), app, pod: `media/${app.pod.metadata.name}`, server, pvName: pv.metadata.name };
}

/** The kubelet's in-tree NFS mount failure with mount.nfs `output` (format of kubernetes/examples#418). */
export function nfsMountFailure(pvName: string, server: string, output: string): string {
  return `MountVolume.SetUp failed for volume "${pvName}" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs ${server}:/exports/app /var/lib/kubelet/pods/5f4d4cce-ab59-44cb-9311-ef5fef696902/volumes/kubernetes.io~nfs/${pvName}\nOutput: ${output}`;
}

/** The same objects with one Service recreated under a new ClusterIP (a PV that froze the old portal keeps pointing at it). */
export function recreateService(objects: readonly KubeObject[], serviceUid: string | undefined, newIp: string): KubeObject[] {
  return objects.map((o) => {
    if (o.metadata.uid !== serviceUid) return o;
    const copy = structuredClone(o) as KubeObject & { spec: { clusterIP: string; clusterIPs: string[] } };
    copy.spec.clusterIP = newIp;
    copy.spec.clusterIPs = [newIp];
    return copy;
  });
}
