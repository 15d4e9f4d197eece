/**
 * The subset of Kubernetes object shapes kubehow reads. Every field is optional because the input is
 * untrusted (snapshots from any kubectl version, hand-edited files); readers go through `list()` and
 * friends in `read.ts` instead of trusting shapes.
 */
import type { KubeObject } from '../sources/types.ts';

export interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastHeartbeatTime?: string;
}

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[];
}
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string };
  running?: { startedAt?: string };
  terminated?: { reason?: string; exitCode?: number; startedAt?: string; finishedAt?: string; message?: string };
}
export interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  started?: boolean;
  state?: ContainerState;
  lastState?: ContainerState;
}

export interface Volume {
  name?: string;
  persistentVolumeClaim?: { claimName?: string; readOnly?: boolean };
  iscsi?: IscsiSource;
  nfs?: NfsSource;
  csi?: { driver?: string; volumeAttributes?: Record<string, string> };
  secret?: { secretName?: string; optional?: boolean };
  configMap?: { name?: string; optional?: boolean };
  projected?: { sources?: { secret?: { name?: string; optional?: boolean }; configMap?: { name?: string; optional?: boolean } }[] };
  ephemeral?: unknown;
  hostPath?: { path?: string; type?: string };
}

export interface IscsiSource {
  targetPortal?: string;
  portals?: string[];
  iqn?: string;
  lun?: number;
  fsType?: string;
  readOnly?: boolean;
}
export interface NfsSource {
  server?: string;
  path?: string;
  readOnly?: boolean;
}

export interface PodAffinityTerm {
  labelSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  namespaces?: string[];
  topologyKey?: string;
}
export interface Affinity {
  nodeAffinity?: unknown;
  podAffinity?: unknown;
  podAntiAffinity?: {
    requiredDuringSchedulingIgnoredDuringExecution?: PodAffinityTerm[];
    preferredDuringSchedulingIgnoredDuringExecution?: { weight?: number; podAffinityTerm?: PodAffinityTerm }[];
  };
}

export interface Container {
  name?: string;
  image?: string;
  args?: string[];
  command?: string[];
  env?: { name?: string; value?: string; valueFrom?: unknown }[];
  envFrom?: { configMapRef?: { name?: string; optional?: boolean }; secretRef?: { name?: string; optional?: boolean } }[];
  volumeMounts?: { name?: string; mountPath?: string }[];
  ports?: { name?: string; containerPort?: number; protocol?: string }[];
}

export interface PodSpec {
  nodeName?: string;
  volumes?: Volume[];
  containers?: Container[];
  initContainers?: Container[];
  affinity?: Affinity;
  hostNetwork?: boolean;
  nodeSelector?: Record<string, string>;
  tolerations?: unknown[];
  topologySpreadConstraints?: unknown[];
}

export interface Pod extends KubeObject {
  spec?: PodSpec;
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    podIP?: string;
    hostIP?: string;
    startTime?: string;
    conditions?: Condition[];
    containerStatuses?: ContainerStatus[];
    initContainerStatuses?: ContainerStatus[];
  };
}

export interface Node extends KubeObject {
  spec?: { unschedulable?: boolean; taints?: { key?: string; value?: string; effect?: string }[]; podCIDR?: string; podCIDRs?: string[]; providerID?: string };
  status?: {
    conditions?: Condition[];
    addresses?: { type?: string; address?: string }[];
    nodeInfo?: { kubeletVersion?: string; containerRuntimeVersion?: string; osImage?: string; kernelVersion?: string };
    /** Volumes the attach/detach controller attached here (`kubernetes.io/iscsi/<portal>:<iqn>:<lun>`, `kubernetes.io/csi/<driver>^<handle>`). */
    volumesAttached?: { name?: string; devicePath?: string }[];
    volumesInUse?: string[];
  };
}

export interface ServicePort {
  name?: string;
  port?: number;
  targetPort?: number | string;
  protocol?: string;
}
export interface Service extends KubeObject {
  spec?: { type?: string; clusterIP?: string; clusterIPs?: string[]; selector?: Record<string, string>; ports?: ServicePort[] };
}

export interface EndpointAddress {
  ip?: string;
  nodeName?: string;
  targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
}
export interface Endpoints extends KubeObject {
  subsets?: { addresses?: EndpointAddress[]; notReadyAddresses?: EndpointAddress[]; ports?: ServicePort[] }[];
}
export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: {
    addresses?: string[];
    conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
    nodeName?: string;
    targetRef?: { kind?: string; namespace?: string; name?: string; uid?: string };
  }[];
  ports?: ServicePort[];
}

export interface PersistentVolumeClaim extends KubeObject {
  spec?: { volumeName?: string; storageClassName?: string; accessModes?: string[]; volumeMode?: string };
  status?: { phase?: string };
}
export interface PersistentVolume extends KubeObject {
  spec?: {
    iscsi?: IscsiSource;
    nfs?: NfsSource;
    csi?: { driver?: string; volumeHandle?: string; volumeAttributes?: Record<string, string>; fsType?: string };
    local?: { path?: string };
    hostPath?: { path?: string };
    claimRef?: { namespace?: string; name?: string; uid?: string };
    storageClassName?: string;
    accessModes?: string[];
    nodeAffinity?: unknown;
  };
  status?: { phase?: string };
}
export interface StorageClass extends KubeObject {
  provisioner?: string;
  parameters?: Record<string, string>;
  volumeBindingMode?: string;
}
export interface VolumeAttachment extends KubeObject {
  spec?: { attacher?: string; nodeName?: string; source?: { persistentVolumeName?: string } };
  status?: { attached?: boolean; attachError?: { message?: string; time?: string } };
}

export interface Event extends KubeObject {
  involvedObject?: { kind?: string; namespace?: string; name?: string; uid?: string; fieldPath?: string };
  regarding?: { kind?: string; namespace?: string; name?: string; uid?: string };
  reason?: string;
  message?: string;
  note?: string;
  type?: string;
  count?: number;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingController?: string;
  reportingInstance?: string;
  firstTimestamp?: string | null;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  deprecatedCount?: number;
  deprecatedSource?: { component?: string; host?: string };
  series?: { count?: number; lastObservedTime?: string };
}

export interface PodTemplate {
  metadata?: { labels?: Record<string, string> };
  spec?: PodSpec;
}
export interface Workload extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector; template?: PodTemplate };
}

export interface JivaVolume extends KubeObject {
  spec?: {
    pv?: string;
    iscsiSpec?: { targetIP?: string; targetPort?: number; iqn?: string };
    mountInfo?: { stagingPath?: string; targetPath?: string; devicePath?: string };
    desiredReplicationFactor?: number;
    policy?: { target?: { replicationFactor?: number } };
  };
  status?: { status?: string; phase?: string; replicaCount?: number; replicaStatus?: { address?: string; mode?: string }[] };
}
export interface CStorVolume extends KubeObject {
  spec?: { targetIP?: string; targetPort?: string; targetPortal?: string; iqn?: string; replicationFactor?: number; consistencyFactor?: number };
  status?: { phase?: string; replicaStatuses?: { replicaId?: string; mode?: string }[] };
}

export interface NetworkPolicyPort {
  protocol?: string;
  port?: number | string;
  endPort?: number;
}
export interface NetworkPolicyPeer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr?: string; except?: string[] };
}
/** networking.k8s.io/v1 NetworkPolicy. */
export interface NetworkPolicy extends KubeObject {
  spec?: {
    podSelector?: LabelSelector;
    policyTypes?: string[];
    ingress?: { from?: NetworkPolicyPeer[]; ports?: NetworkPolicyPort[] }[];
    egress?: unknown[];
  };
}

/** cStor CSI's record of a volume staged on a node (`cstor.openebs.io/v1`, `<pv>-<node>`; labels `Volname`, `nodeID`). */
export interface CStorVolumeAttachment extends KubeObject {
  spec?: { volume?: { name?: string; ownerNodeID?: string; stagingTargetPath?: string }; iscsi?: { iqn?: string; targetPortal?: string } };
}

/** The kubelet's record of the CSI drivers registered on a node (`storage.k8s.io/v1`, named after the node). */
export interface CSINode extends KubeObject {
  spec?: { drivers?: { name?: string; nodeID?: string }[] };
}

/** The TypeScript shape kubehow reads for each kind it knows; other kinds stay plain KubeObjects. */
export interface KindMap {
  Pod: Pod;
  Node: Node;
  Service: Service;
  Endpoints: Endpoints;
  EndpointSlice: EndpointSlice;
  PersistentVolumeClaim: PersistentVolumeClaim;
  PersistentVolume: PersistentVolume;
  StorageClass: StorageClass;
  VolumeAttachment: VolumeAttachment;
  Event: Event;
  Deployment: Workload;
  ReplicaSet: Workload;
  StatefulSet: Workload;
  DaemonSet: Workload;
  ReplicationController: Workload;
  Job: Workload;
  JivaVolume: JivaVolume;
  CStorVolume: CStorVolume;
  CStorVolumeReplica: KubeObject;
  CStorVolumeAttachment: CStorVolumeAttachment;
  CSINode: CSINode;
  CSIDriver: KubeObject;
  Namespace: KubeObject;
  Secret: KubeObject;
  ConfigMap: KubeObject;
  NetworkPolicy: NetworkPolicy;
}
export type KnownKind = keyof KindMap;
