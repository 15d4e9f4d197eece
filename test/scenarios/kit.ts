/**
 * Storage stacks and event sequences shared by the scenarios, each built as the real component lays it out
 * (names, labels, selectors, CSI registration paths, custom resources), with sources in comments.
 */
import type { KubeObject } from '../../src/sources/types.ts';
import { dig, hostPathVolume, running, type BoundClaim, type ClusterBuilder, type PodState, type Time } from '../support/cluster-builder.ts';

// ---------------------------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------------------------

export interface Occurrence {
  count?: number;
  first?: Time;
  last?: Time;
}

/** The scheduler's `Scheduled` event (events.k8s.io style, as current schedulers write it). */
export function scheduled(c: ClusterBuilder, pod: KubeObject, at: Time): void {
  const node = String(dig(pod, 'spec', 'nodeName'));
  c.event({ on: pod, reason: 'Scheduled', message: `Successfully assigned ${pod.metadata.namespace ?? ''}/${pod.metadata.name} to ${node}`, last: at });
}

/** A kubelet `FailedMount` warning on the pod. */
export function failedMount(c: ClusterBuilder, pod: KubeObject, message: string, o: Occurrence = {}): void {
  c.event({ on: pod, reason: 'FailedMount', message, count: o.count ?? 1, first: o.first ?? o.last ?? '-1m', last: o.last ?? '-1m' });
}

/** The kubelet's summary after its ~2 minute wait (1.17–1.27 wording; `unattached` lists every pod volume). */
export function mountTimeout(c: ClusterBuilder, pod: KubeObject, unmounted: string[], o: Occurrence = {}): void {
  const all = (dig(pod, 'spec', 'volumes') as { name: string }[]).map((v) => v.name);
  c.event({ on: pod, reason: 'FailedMount', message: `Unable to attach or mount volumes: unmounted volumes=[${unmounted.join(' ')}], unattached volumes=[${all.join(' ')}]: timed out waiting for the condition`, count: o.count ?? 1, first: o.first ?? o.last ?? '-2m', last: o.last ?? '-2m' });
}

/** The same summary in kubelet 1.10–1.16 wording (`timeout expired waiting for volumes to attach or mount`). */
export function legacyMountTimeout(c: ClusterBuilder, pod: KubeObject, unmounted: string[], o: Occurrence = {}): void {
  const all = (dig(pod, 'spec', 'volumes') as { name: string }[]).map((v) => v.name);
  const ns = pod.metadata.namespace ?? '';
  const name = pod.metadata.name;
  c.event({ on: pod, reason: 'FailedMount', message: `Unable to mount volumes for pod "${name}_${ns}(${pod.metadata.uid ?? ''})": timeout expired waiting for volumes to attach or mount for pod "${ns}"/"${name}". list of unmounted volumes=[${unmounted.join(' ')}]. list of unattached volumes=[${all.join(' ')}]`, count: o.count ?? 1, first: o.first ?? o.last ?? '-2m', last: o.last ?? '-2m' });
}

/** The attach-detach controller's success event for a volume. */
export function attached(c: ClusterBuilder, pod: KubeObject, pv: string, at: Time): void {
  c.event({ on: pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv}"`, last: at });
}

/** The in-tree iSCSI failure as kubelet words it (pkg/volume/iscsi/iscsi_util.go). */
export function iscsiSendtargetsFailure(pv: string, portal: string, iscsiadmOutput: string, exit: number): string {
  return `MountVolume.WaitForAttach failed for volume "${pv}" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal ${portal} output: ${iscsiadmOutput}, err exit status ${String(exit)}`;
}

/** iscsiadm's output when the TCP connection opens but the login PDU never comes back (exit 4). */
export function pduLost(host: string): string {
  return `iscsiadm: Connection to Discovery Address ${host} failed\niscsiadm: Login I/O error, failed to receive a PDU\niscsiadm: connection login retries (reopen_max) 5 exceeded\niscsiadm: Could not perform SendTargets discovery: iSCSI PDU timed out\n`;
}

/** iscsiadm's output when nothing answers on the portal (exit 4, as csi-lib-iscsi reports it). */
export function connectionRefused(host: string): string {
  const line = `iscsiadm: cannot make connection to ${host}: Connection refused`;
  return `${[line, line, line, line, line, line].join('\n')}\niscsiadm: connection login retries (reopen_max) 5 exceeded\niscsiadm: Could not perform SendTargets discovery: encountered connection failure\n`;
}

/** The CSI form of the same failure (openebs jiva/cstor CSI node plugins via csi-lib-iscsi). */
export function csiIscsiFailure(pv: string, portal: string, iscsiadmOutput: string, exit: number): string {
  return `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = failed to find device path: [], last error seen: failed to sendtargets to portal ${portal}, err: iscsiadm error: ${iscsiadmOutput.replace(/\n/g, '')} (exit status ${String(exit)})`;
}

/** kubelet's NFS mount failure (mount-utils, systemd-run flavour). */
export function nfsMountFailure(pvOrVolume: string, podUid: string, kubeletDir: string, source: string, output: string): string {
  const target = `${kubeletDir}/pods/${podUid}/volumes/kubernetes.io~nfs/${pvOrVolume}`;
  return `MountVolume.SetUp failed for volume "${pvOrVolume}" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs ${source} ${target}\nOutput: ${output}\n`;
}

// ---------------------------------------------------------------------------------------------
// Custom objects
// ---------------------------------------------------------------------------------------------

/** A cluster-scoped or namespaced object of any kind, e.g. `custom(c, 'storage.k8s.io/v1', 'CSIDriver', 'x', {spec})`. */
export function custom(c: ClusterBuilder, apiVersion: string, kind: string, nsName: string, body: Record<string, unknown>, meta: { labels?: Record<string, string>; annotations?: Record<string, string> } = {}, created?: Time): KubeObject {
  const slash = nsName.indexOf('/');
  const namespace = slash < 0 ? undefined : nsName.slice(0, slash);
  const name = slash < 0 ? nsName : nsName.slice(slash + 1);
  return c.custom({ apiVersion, kind, name, ...(namespace === undefined ? {} : { namespace }), ...meta, ...(created === undefined ? {} : { created }), body });
}

// ---------------------------------------------------------------------------------------------
// CSI drivers
// ---------------------------------------------------------------------------------------------

export interface CsiDriverOptions {
  driver: string;
  /** DaemonSet `namespace/name` of the node plugin. */
  daemonSet: string;
  image: string;
  /** kubelet root the DaemonSet's hostPaths and registration path use. */
  kubeletDir: string;
  /** Nodes the node-plugin DaemonSet runs on (a nodeSelector or missing toleration keeps it off others). */
  pluginNodes: string[];
  /** Every node of the cluster: each gets a CSINode listing the drivers kubelet registered there. */
  allNodes: string[];
  /** Nodes whose kubelet registered the driver. Default `pluginNodes`. */
  registeredOn?: string[];
  attachRequired?: boolean;
  state?: PodState | Record<string, PodState>;
  labels?: Record<string, string>;
  nodeSelector?: Record<string, string>;
  tolerations?: Record<string, unknown>[];
}

/** CSIDriver, CSINodes, and the node-plugin DaemonSet with node-driver-registrar, as the upstream charts lay them out. */
export function csiDriver(c: ClusterBuilder, o: CsiDriverOptions): void {
  custom(c, 'storage.k8s.io/v1', 'CSIDriver', o.driver, { spec: { attachRequired: o.attachRequired ?? true, fsGroupPolicy: 'ReadWriteOnceWithFSType', podInfoOnMount: false, requiresRepublish: false, seLinuxMount: false, storageCapacity: false, volumeLifecycleModes: ['Persistent'] } });
  const registered = new Set(o.registeredOn ?? o.pluginNodes);
  for (const node of o.allNodes) {
    const n = c.get('Node', node);
    custom(c, 'storage.k8s.io/v1', 'CSINode', node, {
      spec: { drivers: registered.has(node) ? [{ name: o.driver, nodeID: node, topologyKeys: null }] : null },
    }, { annotations: { 'storage.alpha.kubernetes.io/migrated-plugins': 'kubernetes.io/aws-ebs,kubernetes.io/azure-disk,kubernetes.io/azure-file,kubernetes.io/cinder,kubernetes.io/gce-pd,kubernetes.io/vsphere-volume' } }, n.metadata.creationTimestamp);
  }
  const pluginDir = `${o.kubeletDir}/plugins/${o.driver}`;
  c.daemonSet(o.daemonSet, {
    labels: o.labels ?? { app: o.daemonSet.split('/')[1] ?? 'csi-node' },
    nodes: o.pluginNodes,
    hostNetwork: true,
    priorityClassName: 'system-node-critical',
    ...(o.nodeSelector ? { nodeSelector: o.nodeSelector } : {}),
    ...(o.tolerations ? { tolerations: o.tolerations } : {}),
    containers: [
      {
        name: 'node-driver-registrar', image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.10.1',
        args: ['--v=2', '--csi-address=/csi/csi.sock', `--kubelet-registration-path=${pluginDir}/csi.sock`],
        volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }, { name: 'registration-dir', mountPath: '/registration' }],
      },
      {
        name: 'csi-plugin', image: o.image, args: ['--endpoint=unix:///csi/csi.sock', '--nodeid=$(NODE_ID)'],
        env: [{ name: 'NODE_ID', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } } }],
        securityContext: { privileged: true, allowPrivilegeEscalation: true, capabilities: { add: ['SYS_ADMIN'] } },
        volumeMounts: [{ name: 'socket-dir', mountPath: '/csi' }, { name: 'pods-mount-dir', mountPath: o.kubeletDir }, { name: 'device-dir', mountPath: '/dev' }],
      },
    ],
    volumes: [
      hostPathVolume('socket-dir', pluginDir, { type: 'DirectoryOrCreate' }),
      hostPathVolume('registration-dir', `${o.kubeletDir}/plugins_registry`, { type: 'Directory' }),
      hostPathVolume('pods-mount-dir', o.kubeletDir, { type: 'Directory' }),
      hostPathVolume('device-dir', '/dev'),
    ],
    state: o.state ?? running({ since: '-12d' }),
    podCreated: '-12d',
  });
}

export interface CsiClaimOptions {
  driver: string;
  storageClass: string;
  size?: string;
  accessModes?: string[];
  fsType?: string;
  attributes?: Record<string, string>;
  parameters?: Record<string, string>;
  created?: Time;
  uid?: string;
  pvName?: string;
}

/** A StorageClass (once), and a PVC bound to a dynamically provisioned CSI PV. */
export function csiClaim(c: ClusterBuilder, nsName: string, o: CsiClaimOptions): BoundClaim {
  if (c.find('StorageClass', o.storageClass) === undefined) c.storageClass(o.storageClass, { provisioner: o.driver, ...(o.parameters ? { parameters: o.parameters } : {}), allowVolumeExpansion: true });
  const claimUid = o.uid;
  const bound = c.boundClaim(nsName, {
    ...(claimUid ? { uid: claimUid } : {}), ...(o.pvName ? { pvName: o.pvName } : {}),
    size: o.size ?? '5Gi', storageClass: o.storageClass, provisioner: o.driver, accessModes: o.accessModes ?? ['ReadWriteOnce'], created: o.created ?? '-30d',
    source: { csi: { driver: o.driver, volumeHandle: 'PLACEHOLDER', fsType: o.fsType ?? 'ext4', volumeAttributes: { ...o.attributes, 'storage.kubernetes.io/csiProvisionerIdentity': `1716470400123-8081-${o.driver}` } } },
  });
  // The handle is the PV name for the drivers modelled here (OpenEBS, Longhorn, democratic-csi use the PV name).
  const csi = dig(bound.pv, 'spec', 'csi') as Record<string, unknown>;
  csi.volumeHandle = o.driver === 'nfs.csi.k8s.io' ? `${o.attributes?.server ?? ''}#${o.attributes?.share ?? ''}#${bound.pv.metadata.name}##` : bound.pv.metadata.name;
  return bound;
}

// ---------------------------------------------------------------------------------------------
// In-cluster NFS servers
// ---------------------------------------------------------------------------------------------

export interface NfsServerOptions {
  node: string;
  image?: string;
  state?: PodState;
  clusterIP?: string;
  podCreated?: Time;
  labels?: Record<string, string>;
}

/** An NFS server Deployment (privileged, exporting an emptyDir or a disk) behind a ClusterIP Service (2049, 20048, 111). */
export function nfsServer(c: ClusterBuilder, nsName: string, o: NfsServerOptions): { service: KubeObject; pod: KubeObject; ip: string } {
  const name = nsName.split('/')[1] ?? nsName;
  const labels = o.labels ?? { role: name };
  const d = c.deployment(nsName, {
    labels,
    containers: [{ name, image: o.image ?? 'registry.k8s.io/volume-nfs:0.8', ports: [{ name: 'nfs', containerPort: 2049 }, { name: 'mountd', containerPort: 20048 }, { name: 'rpcbind', containerPort: 111 }], securityContext: { privileged: true }, volumeMounts: [{ name: 'exports', mountPath: '/exports' }] }],
    volumes: [hostPathVolume('exports', '/srv/nfs')],
    node: o.node, podCreated: o.podCreated ?? '-14d', state: o.state ?? running({ since: '-14d' }),
  });
  const svc = c.service(nsName, { selector: labels, ...(o.clusterIP ? { clusterIP: o.clusterIP } : {}), ports: [{ name: 'nfs', port: 2049 }, { name: 'mountd', port: 20048 }, { name: 'rpcbind', port: 111 }] });
  return { service: svc.service, pod: d.pod, ip: String(dig(svc.service, 'spec', 'clusterIP')) };
}

/** A static NFS PV (`server`, `path`) bound to a ReadWriteMany claim, as the kubernetes/examples NFS walkthrough makes it. */
export function nfsClaim(c: ClusterBuilder, nsName: string, pvName: string, server: string, path: string, o: { storageClass?: string; created?: Time; mountOptions?: string[] } = {}): BoundClaim {
  return c.boundClaim(nsName, { pvName, storageClass: o.storageClass ?? null, size: '10Gi', accessModes: ['ReadWriteMany'], created: o.created ?? '-20d', source: { nfs: { server, path } } });
}

// ---------------------------------------------------------------------------------------------
// OpenEBS Jiva CSI (jiva-operator 3.x, reference section 2)
// ---------------------------------------------------------------------------------------------

export interface JivaCsiOptions {
  claim: string;
  controllerNode: string;
  replicaNodes: string[];
  /** Per replica; default every replica Ready. */
  replicaStates?: PodState[];
  controllerState?: PodState;
  /** JivaVolume status.status (target mode): RW → Ready, RO → Syncing. */
  mode?: 'RW' | 'RO';
  /** Node whose staging is recorded in JivaVolume spec.mountInfo. */
  mountedOn?: string;
  created?: Time;
  controllerCreated?: Time;
  version?: string;
}

export interface JivaCsiVolume {
  pvName: string;
  portal: string;
  claim: BoundClaim;
  controllerPod: KubeObject;
  replicaPods: KubeObject[];
  clusterIP: string;
}

/** A Jiva CSI volume: PVC/PV on jiva.csi.openebs.io, JivaVolume, `<pv>-jiva-ctrl-svc`, controller Deployment, replica StatefulSet. */
export function jivaCsiVolume(c: ClusterBuilder, o: JivaCsiOptions): JivaCsiVolume {
  const version = o.version ?? '3.5.0';
  const claim = csiClaim(c, o.claim, { driver: 'jiva.csi.openebs.io', storageClass: 'openebs-jiva-csi-default', parameters: { 'cas-type': 'jiva', policy: 'openebs-jiva-default-policy' }, ...(o.created ? { created: o.created } : {}) });
  const pv = claim.pv.metadata.name;
  const common = { 'openebs.io/cas-type': 'jiva', 'openebs.io/persistent-volume': pv };
  const ctrlLabels = { ...common, 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume-claim': claim.pvc.metadata.name, 'openebs.io/version': version };
  const svc = c.service(`openebs/${pv}-jiva-ctrl-svc`, {
    selector: { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume': pv },
    labels: { ...common, 'openebs.io/component': 'jiva-controller-service', 'openebs.io/version': version },
    ports: [{ name: 'iscsi', port: 3260 }, { name: 'api', port: 9501 }, { name: 'exporter', port: 9500 }],
    created: o.created ?? '-30d',
  });
  const clusterIP = String(dig(svc.service, 'spec', 'clusterIP'));
  const ctrl = c.deployment(`openebs/${pv}-jiva-ctrl`, {
    labels: ctrlLabels, selector: { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume': pv }, strategy: 'Recreate',
    containers: [
      { name: 'jiva-controller', image: `openebs/jiva:${version}`, command: ['launch'], args: ['controller', '--frontend', 'gotgt', '--clusterIP', clusterIP, pv], env: [{ name: 'REPLICATION_FACTOR', value: String(o.replicaNodes.length) }], ports: [{ containerPort: 3260 }, { containerPort: 9501 }] },
      { name: 'maya-volume-exporter', image: `openebs/m-exporter:${version}`, args: ['-e=jiva'], ports: [{ containerPort: 9500 }] },
    ],
    node: o.controllerNode, podCreated: o.controllerCreated ?? '-6d', state: o.controllerState ?? running({ since: o.controllerCreated ?? '-6d' }),
  });
  const rep = c.statefulSet(`openebs/${pv}-jiva-rep`, {
    labels: { ...common, 'openebs.io/component': 'jiva-replica', 'openebs.io/version': version },
    containers: [{ name: 'jiva-replica', image: `openebs/jiva:${version}`, command: ['launch'], args: ['replica', '--frontendIP', clusterIP, '--size', '5Gi', '/openebs'], ports: [{ containerPort: 9502 }, { containerPort: 9503 }, { containerPort: 9504 }], securityContext: { privileged: true }, volumeMounts: [{ name: 'openebs', mountPath: '/openebs' }] }],
    volumes: [hostPathVolume('openebs', `/var/openebs/local/${pv}`)],
    affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { 'openebs.io/component': 'jiva-replica', 'openebs.io/persistent-volume': pv } }, topologyKey: 'kubernetes.io/hostname' }] } },
    pods: o.replicaNodes.map((node, i) => ({ node, state: o.replicaStates?.[i] ?? running({ since: '-6d' }) })),
    podCreated: '-6d',
  });
  const mode = o.mode ?? 'RW';
  const replicaPods = rep.pods;
  const readyReplicas = replicaPods.filter((p) => (dig(p, 'status', 'containerStatuses', 0, 'ready') as boolean | undefined) === true);
  custom(c, 'openebs.io/v1', 'JivaVolume', `openebs/${pv}`, {
    spec: {
      accessType: 'mount', capacity: '5Gi', desiredReplicationFactor: o.replicaNodes.length, pv,
      iscsiSpec: { iqn: `iqn.2016-09.com.openebs.jiva:${pv}`, targetIP: clusterIP, targetPort: 3260 },
      mountInfo: o.mountedOn ? { devicePath: `/dev/disk/by-path/ip-${clusterIP}:3260-iscsi-iqn.2016-09.com.openebs.jiva:${pv}-lun-0`, fsType: 'ext4', stagingPath: `/var/lib/kubelet/plugins/kubernetes.io/csi/jiva.csi.openebs.io/${pv}/globalmount`, targetPath: '' } : {},
      policy: { replicaSC: 'openebs-hostpath', target: { replicationFactor: o.replicaNodes.length } },
    },
    status: {
      phase: mode === 'RW' ? 'Ready' : 'Syncing', status: mode, replicaCount: readyReplicas.length,
      replicaStatus: readyReplicas.map((p) => ({ address: `tcp://${String(dig(p, 'status', 'podIP'))}:9502`, mode: mode === 'RW' ? 'RW' : 'WO' })),
    },
  }, { labels: { 'openebs.io/component': 'jiva-volume', 'openebs.io/persistent-volume': pv, 'openebs.io/persistent-volume-claim': claim.pvc.metadata.name, ...(o.mountedOn ? { nodeID: o.mountedOn } : {}) }, annotations: { 'openebs.io/volume-policy': 'openebs-jiva-default-policy' } });
  return { pvName: pv, portal: `${clusterIP}:3260`, claim, controllerPod: ctrl.pod, replicaPods, clusterIP };
}

// ---------------------------------------------------------------------------------------------
// OpenEBS cStor CSI (cstor-operators 3.x, reference section 3)
// ---------------------------------------------------------------------------------------------

export interface CstorOptions {
  claim: string;
  targetNode: string;
  targetState?: PodState;
  /** One pool instance per entry, with the replica's mode on it. */
  pools: { node: string; mode: 'Healthy' | 'Degraded' | 'Offline' | 'Rebuilding'; poolState?: PodState }[];
  phase: 'Healthy' | 'Degraded' | 'Offline' | 'Init';
  created?: Time;
}

export interface CstorVolume {
  pvName: string;
  portal: string;
  claim: BoundClaim;
  targetPod: KubeObject;
}

export function cstorVolume(c: ClusterBuilder, o: CstorOptions): CstorVolume {
  const claim = csiClaim(c, o.claim, { driver: 'cstor.csi.openebs.io', storageClass: 'cstor-csi-disk', parameters: { cas: 'cstor', cstorPoolCluster: 'cstor-disk-pool', replicaCount: String(o.pools.length) }, attributes: { 'openebs.io/cas-type': 'cstor' }, ...(o.created ? { created: o.created } : {}) });
  const pv = claim.pv.metadata.name;
  const version = '3.5.0';
  const svc = c.service(`openebs/${pv}`, {
    selector: { app: 'cstor-volume-manager', 'openebs.io/target': 'cstor-target', 'openebs.io/persistent-volume': pv },
    labels: { 'openebs.io/target-service': 'cstor-target-svc', 'openebs.io/storage-engine-type': 'cstor', 'openebs.io/cas-type': 'cstor', 'openebs.io/persistent-volume': pv, 'openebs.io/version': version },
    ports: [{ name: 'cstor-iscsi', port: 3260 }, { name: 'cstor-grpc', port: 7777 }, { name: 'mgmt', port: 6060 }, { name: 'exporter', port: 9500 }],
  });
  const ip = String(dig(svc.service, 'spec', 'clusterIP'));
  const target = c.deployment(`openebs/${pv}-target`, {
    labels: { app: 'cstor-volume-manager', 'openebs.io/target': 'cstor-target', 'openebs.io/storage-engine-type': 'cstor', 'openebs.io/cas-type': 'cstor', 'openebs.io/persistent-volume': pv, 'openebs.io/persistent-volume-claim': claim.pvc.metadata.name, 'openebs.io/version': version },
    strategy: 'Recreate',
    containers: [
      { name: 'cstor-istgt', image: `openebs/cstor-istgt:${version}`, ports: [{ containerPort: 3260 }], securityContext: { privileged: true } },
      { name: 'maya-volume-exporter', image: `openebs/m-exporter:${version}`, ports: [{ containerPort: 9500 }] },
      { name: 'cstor-volume-mgmt', image: `openebs/cstor-volume-manager:${version}` },
    ],
    node: o.targetNode, podCreated: '-5d', state: o.targetState ?? running({ since: '-5d' }),
  });
  o.pools.forEach((p, i) => {
    const cspi = `cstor-disk-pool-${['x7kq', 'm2vd', 'p9hn', 'r4tb'][i] ?? String(i)}`;
    c.deployment(`openebs/${cspi}`, {
      labels: { app: 'cstor-pool', 'openebs.io/cstor-pool-instance': cspi, 'openebs.io/cstor-pool-cluster': 'cstor-disk-pool', 'openebs.io/version': version },
      containers: [{ name: 'cstor-pool', image: `openebs/cstor-pool:${version}`, securityContext: { privileged: true } }, { name: 'cstor-pool-mgmt', image: `openebs/cstor-pool-manager:${version}` }],
      node: p.node, podCreated: '-20d', state: p.poolState ?? running({ since: '-20d' }),
    });
    custom(c, 'cstor.openebs.io/v1', 'CStorVolumeReplica', `openebs/${pv}-${cspi}`, {
      spec: { capacity: '5G', targetIP: ip, replicaid: `${(i + 1).toString(16).toUpperCase()}5F3A9C2E1B7D40${String(i)}` },
      status: { phase: p.mode === 'Healthy' ? 'Healthy' : p.mode === 'Offline' ? 'Offline' : 'Degraded' },
    }, { labels: { 'cstorpoolinstance.openebs.io/name': cspi, 'cstorvolume.openebs.io/name': pv, 'openebs.io/persistent-volume': pv }, annotations: { 'cstorpoolinstance.openebs.io/hostname': p.node } });
  });
  const rf = o.pools.length;
  custom(c, 'cstor.openebs.io/v1', 'CStorVolume', `openebs/${pv}`, {
    spec: { capacity: '5Gi', targetIP: ip, targetPort: '3260', iqn: `iqn.2016-09.com.openebs.cstor:${pv}`, targetPortal: `${ip}:3260`, replicationFactor: rf, consistencyFactor: Math.floor(rf / 2) + 1, desiredReplicationFactor: rf },
    status: { phase: o.phase, replicaStatuses: o.pools.map((p, i) => ({ replicaId: String(i + 1), mode: p.mode, checkpointedIOSeq: '0', inflightRead: '0', inflightWrite: '0', inflightSync: '0', upTime: 432000 })) },
  }, { labels: { 'openebs.io/persistent-volume': pv, 'openebs.io/persistent-volume-claim': claim.pvc.metadata.name, 'openebs.io/version': version } });
  return { pvName: pv, portal: `${ip}:3260`, claim, targetPod: target.pod };
}
