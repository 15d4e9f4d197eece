/**
 * The API resources kubehow reads, and how their REST paths are built. Built-in kinds are listed here
 * with the group/version they have been served at since Kubernetes 1.21; storage custom resources
 * (JivaVolume, CStorVolume, CStorVolumeReplica) are only used when API discovery finds them.
 */

/** One REST resource: the kind it holds and where it lives. */
export interface ResourceType {
  kind: string;
  /** "" for the core group. */
  group: string;
  version: string;
  plural: string;
  namespaced: boolean;
}

/** Built-in resources, by the kind kubehow calls them. Events come in two API shapes; `Event` is core/v1. */
export const BUILTIN_RESOURCES = {
  Pod: { kind: 'Pod', group: '', version: 'v1', plural: 'pods', namespaced: true },
  Node: { kind: 'Node', group: '', version: 'v1', plural: 'nodes', namespaced: false },
  Namespace: { kind: 'Namespace', group: '', version: 'v1', plural: 'namespaces', namespaced: false },
  Service: { kind: 'Service', group: '', version: 'v1', plural: 'services', namespaced: true },
  Endpoints: { kind: 'Endpoints', group: '', version: 'v1', plural: 'endpoints', namespaced: true },
  PersistentVolumeClaim: { kind: 'PersistentVolumeClaim', group: '', version: 'v1', plural: 'persistentvolumeclaims', namespaced: true },
  PersistentVolume: { kind: 'PersistentVolume', group: '', version: 'v1', plural: 'persistentvolumes', namespaced: false },
  ConfigMap: { kind: 'ConfigMap', group: '', version: 'v1', plural: 'configmaps', namespaced: true },
  ReplicationController: { kind: 'ReplicationController', group: '', version: 'v1', plural: 'replicationcontrollers', namespaced: true },
  Event: { kind: 'Event', group: '', version: 'v1', plural: 'events', namespaced: true },
  EventsV1: { kind: 'Event', group: 'events.k8s.io', version: 'v1', plural: 'events', namespaced: true },
  EndpointSlice: { kind: 'EndpointSlice', group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', namespaced: true },
  StorageClass: { kind: 'StorageClass', group: 'storage.k8s.io', version: 'v1', plural: 'storageclasses', namespaced: false },
  VolumeAttachment: { kind: 'VolumeAttachment', group: 'storage.k8s.io', version: 'v1', plural: 'volumeattachments', namespaced: false },
  CSIDriver: { kind: 'CSIDriver', group: 'storage.k8s.io', version: 'v1', plural: 'csidrivers', namespaced: false },
  CSINode: { kind: 'CSINode', group: 'storage.k8s.io', version: 'v1', plural: 'csinodes', namespaced: false },
  NetworkPolicy: { kind: 'NetworkPolicy', group: 'networking.k8s.io', version: 'v1', plural: 'networkpolicies', namespaced: true },
  Deployment: { kind: 'Deployment', group: 'apps', version: 'v1', plural: 'deployments', namespaced: true },
  ReplicaSet: { kind: 'ReplicaSet', group: 'apps', version: 'v1', plural: 'replicasets', namespaced: true },
  StatefulSet: { kind: 'StatefulSet', group: 'apps', version: 'v1', plural: 'statefulsets', namespaced: true },
  DaemonSet: { kind: 'DaemonSet', group: 'apps', version: 'v1', plural: 'daemonsets', namespaced: true },
  Job: { kind: 'Job', group: 'batch', version: 'v1', plural: 'jobs', namespaced: true },
  CronJob: { kind: 'CronJob', group: 'batch', version: 'v1', plural: 'cronjobs', namespaced: true },
} as const satisfies Record<string, ResourceType>;

export type BuiltinResource = keyof typeof BUILTIN_RESOURCES;

/**
 * Custom resources of the storage engines (reference §2–3): looked for by group and kind in discovery,
 * never assumed. The version is whatever the server prefers among those it serves.
 */
export const STORAGE_CUSTOM_KINDS = [
  { group: 'openebs.io', kind: 'JivaVolume' },
  { group: 'cstor.openebs.io', kind: 'CStorVolume' },
  { group: 'cstor.openebs.io', kind: 'CStorVolumeReplica' },
  { group: 'cstor.openebs.io', kind: 'CStorVolumeAttachment' },
] as const;

/** `apiVersion` of objects of a resource: `v1`, `apps/v1`. */
export function apiVersionOf(resource: ResourceType): string {
  return resource.group === '' ? resource.version : `${resource.group}/${resource.version}`;
}

/** The REST path of a collection (`namespace` undefined: across all namespaces) or of one object. */
export function resourcePath(resource: ResourceType, namespace?: string, name?: string): string {
  const root = resource.group === '' ? `/api/${resource.version}` : `/apis/${resource.group}/${resource.version}`;
  const ns = resource.namespaced && namespace !== undefined ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${root}${ns}/${resource.plural}${name !== undefined ? `/${encodeURIComponent(name)}` : ''}`;
}
