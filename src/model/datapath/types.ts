/** The storage data path of one pod volume: how the node reaches the data (ARCHITECTURE.md, model/). */
import type { ObjectRef } from '../refs.ts';

export type Protocol = 'iscsi' | 'nfs' | 'csi' | 'local' | 'host-path' | 'unknown';

/** What the portal address turned out to be. */
export type PortalKind = 'service-cluster-ip' | 'service-dns-name' | 'pod-ip' | 'node-ip' | 'external' | 'unresolved-name';

export interface Portal {
  /** As written in the PV / CR, e.g. `10.152.183.62:3260`. */
  address: string;
  host: string;
  port?: number;
  kind: PortalKind;
}

/** A pod that serves the volume's target (the Jiva controller, the cStor target, the NFS server). */
export interface ServingPod {
  ref: ObjectRef;
  node?: string;
  ready: boolean;
  phase?: string;
  restarts: number;
  crashLooping: boolean;
  /** Epoch ms its containers last (re)started running. */
  runningSince?: number;
  /** Epoch ms of its latest container termination. */
  lastRestartAt?: number;
  /** Whether the Service's endpoints list it as a ready address; undefined when no endpoint object was read. */
  readyEndpoint?: boolean;
  /** Whether it is listed in the endpoints at all (ready or not); undefined when no endpoint object was read. */
  inEndpoints?: boolean;
}

/** A replica that holds a copy of the data behind the target. */
export interface Replica {
  ref: ObjectRef;
  node?: string;
  ready: boolean;
  phase?: string;
  restarts: number;
  /** Replica mode as the target reports it (`RW`, `WO`, `ERR`, cStor `Healthy`/`Degraded`), when known. */
  mode?: string;
}

/** A CSI node-plugin pod: what the kubelet on its node calls to stage and publish the driver's volumes. */
export interface NodePlugin {
  ref: ObjectRef;
  node?: string;
  ready: boolean;
  phase?: string;
}

export interface VolumeStatus {
  ref: ObjectRef;
  phase?: string;
  /** Target mode: Jiva `RW`/`RO`, cStor phase. */
  mode?: string;
}

export interface AttachmentInfo {
  ref: ObjectRef;
  node?: string;
  attached?: boolean;
  error?: string;
}

export interface DataPath {
  /** The pod's volume name (`config`). */
  volume: string;
  claim?: ObjectRef;
  claimPhase?: string;
  persistentVolume?: ObjectRef;
  storageClass?: string;
  protocol: Protocol;
  /** The storage engine identified from evidence (labels, annotations, CRs), e.g. `jiva`, `cstor`. */
  engine?: string;
  driver?: string;
  portal?: Portal;
  iqn?: string;
  service?: { ref: ObjectRef; clusterIP?: string; selector: Readonly<Record<string, string>> };
  servingPods: ServingPod[];
  /**
   * The volume's target pods found by its storage engine's labels (Jiva controller, cStor target), set only
   * when the portal led to no serving pod: whether the target itself is up, independent of the address.
   */
  labelledTargetPods?: ServingPod[];
  /** Whether Endpoints or EndpointSlices were available for the Service. */
  endpointsKnown: boolean;
  /** Ready endpoint addresses, when endpointsKnown. */
  readyEndpoints: number;
  replicas: Replica[];
  replicationFactor?: number;
  volumeStatus?: VolumeStatus;
  attachments: AttachmentInfo[];
  /** For CSI volumes: the driver's node-plugin pods on every node. */
  nodePlugins: readonly NodePlugin[];
  /** For CSI volumes: whether a CSIDriver object exists and whether it requires attach (VolumeAttachments). */
  csiDriver?: { ref: ObjectRef; attachRequired?: boolean };
  /** How the path was resolved, one sentence per hop, each backed by an object. */
  trace: string[];
  /** What could not be resolved, and why (missing object, kind not in the snapshot). */
  gaps: string[];
}
