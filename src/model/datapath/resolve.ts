/**
 * Pod → volume → PVC → PV → DataPath. One small resolver per storage kind; each follows addresses,
 * Service selectors, endpoints and labels, never object-name patterns alone.
 */
import type { CStorVolume, JivaVolume, PersistentVolume, Pod, Volume } from '../../kube/types.ts';
import { list, text } from '../../kube/read.ts';
import { describeRef, refOf } from '../refs.ts';
import type { Model } from '../model.ts';
import type { DataPath, NodePlugin } from './types.ts';
import { attachLabelledTargetPods, attachLonghornShareManager, resolvePortal } from './target.ts';
import { attachCStorReplicas, attachJivaReplicas } from './replicas.ts';
import { nodePluginsOf } from './csi-node-plugins.ts';
import { cstorVolumeOf, jivaVolumeOf } from '../storage-crs.ts';

function emptyPath(volume: string): DataPath {
  return { volume, protocol: 'unknown', servingPods: [], endpointsKnown: false, readyEndpoints: 0, replicas: [], attachments: [], nodePlugins: [], trace: [], gaps: [] };
}

function isJivaServed(model: Model, path: DataPath, pv: PersistentVolume | undefined): boolean {
  if (pv !== undefined && casType(pv) === 'jiva') return true;
  return path.servingPods.some((sp) => {
    const labels = model.resolveAs('Pod', sp.ref)?.metadata.labels ?? {};
    return labels['openebs.io/controller'] === 'jiva-controller' || labels['openebs.io/component'] === 'jiva-controller';
  });
}

function resolveIscsi(model: Model, path: DataPath, iscsi: NonNullable<Volume['iscsi']>, pv: PersistentVolume | undefined): void {
  path.protocol = 'iscsi';
  const iqn = text(iscsi.iqn);
  if (iqn !== undefined) path.iqn = iqn;
  const portal = text(iscsi.targetPortal);
  if (portal === undefined) {
    path.gaps.push('the iSCSI source has no targetPortal');
    return;
  }
  resolvePortal(model, path, portal);
  if (pv !== undefined && isJivaServed(model, path, pv)) {
    path.engine = 'jiva';
    attachJivaReplicas(model, path, pv.metadata.name);
    attachLabelledTargetPods(model, path, 'jiva', pv.metadata.name);
  } else if (pv !== undefined && casType(pv) === 'cstor') {
    // Legacy (non-CSI) cStor writes its target Service ClusterIP into spec.iscsi like legacy Jiva (reference §3).
    path.engine = 'cstor';
    recordCStorVolume(model, path, pv.metadata.name);
    attachCStorReplicas(model, path, pv.metadata.name);
    attachLabelledTargetPods(model, path, 'cstor', pv.metadata.name);
  }
}

function casType(pv: PersistentVolume): string | undefined {
  return pv.metadata.annotations?.['openebs.io/cas-type'] ?? pv.metadata.labels?.['openebs.io/cas-type'];
}

function resolveNfs(model: Model, path: DataPath, nfs: NonNullable<Volume['nfs']>, namespace: string | undefined): void {
  path.protocol = 'nfs';
  const server = text(nfs.server);
  if (server === undefined) {
    path.gaps.push('the NFS source has no server');
    return;
  }
  resolvePortal(model, path, server, namespace);
  if (path.portal?.kind === 'service-dns-name') path.engine = 'nfs-server';
}

function resolveJivaCsi(model: Model, path: DataPath, pvName: string): void {
  path.engine = 'jiva';
  const jv = jivaVolumeOf(model, pvName);
  if (jv === undefined) {
    const coverage = model.kindCoverage('JivaVolume');
    path.gaps.push(
      coverage === 'read' ? `no JivaVolume for ${pvName} exists` : `JivaVolume objects were not ${coverage === 'forbidden' ? 'readable (forbidden)' : 'in the snapshot'}; the target of ${pvName} cannot be followed`,
    );
    return;
  }
  recordJivaVolume(path, jv);
  const ip = text(jv.spec?.iscsiSpec?.targetIP);
  const port = jv.spec?.iscsiSpec?.targetPort;
  const iqn = text(jv.spec?.iscsiSpec?.iqn);
  if (iqn !== undefined) path.iqn = iqn;
  if (ip !== undefined) resolvePortal(model, path, typeof port === 'number' ? `${ip}:${port}` : ip);
  else path.gaps.push(`${describeRef(refOf(jv))} has no spec.iscsiSpec.targetIP yet`);
  attachJivaReplicas(model, path, pvName);
  attachLabelledTargetPods(model, path, 'jiva', pvName);
}

function recordJivaVolume(path: DataPath, jv: JivaVolume): void {
  const vs: NonNullable<DataPath['volumeStatus']> = { ref: refOf(jv) };
  const phase = text(jv.status?.phase);
  if (phase !== undefined) vs.phase = phase;
  const mode = text(jv.status?.status);
  if (mode !== undefined) vs.mode = mode;
  path.volumeStatus = vs;
  const rf = jv.spec?.desiredReplicationFactor ?? jv.spec?.policy?.target?.replicationFactor;
  if (typeof rf === 'number') path.replicationFactor = rf;
  path.trace.push(`${describeRef(refOf(jv))} describes the volume${phase !== undefined ? ` (phase ${phase})` : ''}`);
}

/** The CStorVolume of a PV: its phase (the volume status) and replication factor. Undefined when absent (recorded as a gap). */
function recordCStorVolume(model: Model, path: DataPath, pvName: string): CStorVolume | undefined {
  const cv = cstorVolumeOf(model, pvName);
  if (cv === undefined) {
    const coverage = model.kindCoverage('CStorVolume');
    path.gaps.push(coverage === 'read' ? `no CStorVolume for ${pvName} exists` : `CStorVolume objects were not ${coverage === 'forbidden' ? 'readable (forbidden)' : 'in the snapshot'}; the target of ${pvName} cannot be followed`);
    return undefined;
  }
  const vs: NonNullable<DataPath['volumeStatus']> = { ref: refOf(cv) };
  const phase = text(cv.status?.phase);
  if (phase !== undefined) {
    vs.phase = phase;
    vs.mode = phase;
  }
  path.volumeStatus = vs;
  if (typeof cv.spec?.replicationFactor === 'number') path.replicationFactor = cv.spec.replicationFactor;
  const iqn = text(cv.spec?.iqn);
  if (iqn !== undefined) path.iqn = iqn;
  return cv;
}

function resolveCStorCsi(model: Model, path: DataPath, pvName: string): void {
  path.engine = 'cstor';
  const cv = recordCStorVolume(model, path, pvName);
  if (cv === undefined) return;
  const portal = text(cv.spec?.targetPortal) ?? (text(cv.spec?.targetIP) !== undefined ? `${cv.spec?.targetIP ?? ''}:${cv.spec?.targetPort ?? '3260'}` : undefined);
  if (portal !== undefined) resolvePortal(model, path, portal);
  attachCStorReplicas(model, path, pvName);
  attachLabelledTargetPods(model, path, 'cstor', pvName);
}

const LONGHORN_DRIVER = 'driver.longhorn.io';

// The volume-context keys iSCSI CSI drivers record their portal under: kubernetes-csi/csi-driver-iscsi
// (`targetPortal`) and democratic-csi (`portal`). A driver-neutral fact: the PV says where the node logs in.
const CSI_PORTAL_ATTRIBUTES = ['targetPortal', 'portal'] as const;

/**
 * For CSI drivers that mount NFS: kubernetes-csi/csi-driver-nfs and democratic-csi's NFS drivers record
 * the export as volumeAttributes `server` + `share`. The server is resolved like an in-tree `nfs.server`
 * (ClusterIP, Service DNS name, pod or node address). A bare Service name is not looked up in the pod's
 * namespace: the node plugin, not the pod, resolves it.
 */
function resolveCsiNfsServer(model: Model, path: DataPath, attributes: Readonly<Record<string, string>> | undefined): boolean {
  const server = text(attributes?.server);
  if (server === undefined || text(attributes?.share) === undefined) return false;
  path.trace.push(`the PersistentVolume's volumeAttributes.server names the NFS server ${server}`);
  resolvePortal(model, path, server);
  if (path.portal?.kind === 'service-dns-name') path.engine = 'nfs-server';
  return true;
}

/** For CSI drivers without a dedicated resolver: the iSCSI portal their PV's volumeAttributes name, if any. */
function resolveCsiAttributePortal(model: Model, path: DataPath, attributes: Readonly<Record<string, string>> | undefined): void {
  if (resolveCsiNfsServer(model, path, attributes)) return;
  // Both drivers also record the target's `iqn`: with it the volume is known to be iSCSI whatever the driver is called.
  const iqn = text(attributes?.iqn);
  if (iqn !== undefined) path.iqn = iqn;
  for (const key of CSI_PORTAL_ATTRIBUTES) {
    const portal = text(attributes?.[key]);
    if (portal === undefined) continue;
    path.trace.push(`the PersistentVolume's volumeAttributes.${key} names the portal ${portal}`);
    resolvePortal(model, path, portal);
    return;
  }
}

// The plugin list is shared by every volume of a driver, and so is the sentence naming its nodes.
const pluginNodes = new WeakMap<readonly NodePlugin[], string>();
function pluginNodesText(plugins: readonly NodePlugin[]): string {
  let text = pluginNodes.get(plugins);
  if (text === undefined) {
    text = [...new Set(plugins.map((p) => p.node ?? '(unscheduled)'))].sort().join(', ');
    pluginNodes.set(plugins, text);
  }
  return text;
}

/** The CSIDriver object and the node-plugin pods of a driver. */
function attachCsiDriver(model: Model, path: DataPath, driver: string): void {
  const csiDriver = model.get('CSIDriver', undefined, driver);
  if (csiDriver !== undefined) {
    const spec = csiDriver.spec as { attachRequired?: unknown } | undefined;
    path.csiDriver = { ref: refOf(csiDriver), ...(typeof spec?.attachRequired === 'boolean' ? { attachRequired: spec.attachRequired } : {}) };
  }
  path.nodePlugins = nodePluginsOf(model, driver);
  if (path.nodePlugins.length > 0) path.trace.push(`CSI driver ${driver} has node-plugin pods on ${pluginNodesText(path.nodePlugins)}`);
  else path.gaps.push(`no node-plugin pod of CSI driver ${driver} was found${model.kindCoverage('Pod') === 'read' ? '' : ' (no pods were read)'}`);
}

function resolvePersistentVolume(model: Model, path: DataPath, pv: PersistentVolume, namespace: string | undefined): void {
  const spec = pv.spec ?? {};
  if (spec.iscsi !== undefined) resolveIscsi(model, path, spec.iscsi, pv);
  else if (spec.nfs !== undefined) resolveNfs(model, path, spec.nfs, namespace);
  else if (spec.csi !== undefined) {
    path.protocol = 'csi';
    const driver = text(spec.csi.driver);
    if (driver !== undefined) {
      path.driver = driver;
      if (driver === 'jiva.csi.openebs.io') resolveJivaCsi(model, path, pv.metadata.name);
      else if (driver === 'cstor.csi.openebs.io') resolveCStorCsi(model, path, pv.metadata.name);
      else resolveCsiAttributePortal(model, path, spec.csi.volumeAttributes);
      if (driver === LONGHORN_DRIVER && path.service === undefined) attachLonghornShareManager(model, path, pv.metadata.name);
      attachCsiDriver(model, path, driver);
    }
  } else if (spec.local !== undefined) path.protocol = 'local';
  else if (spec.hostPath !== undefined) path.protocol = 'host-path';
  for (const va of model.attachmentsOf(pv.metadata.name)) {
    const info: DataPath['attachments'][number] = { ref: refOf(va) };
    const node = text(va.spec?.nodeName);
    if (node !== undefined) info.node = node;
    if (typeof va.status?.attached === 'boolean') info.attached = va.status.attached;
    const err = text(va.status?.attachError?.message);
    if (err !== undefined) info.error = err;
    path.attachments.push(info);
  }
}

/** The data path of one pod volume, or undefined for volumes that are not storage (secrets, config maps, projected tokens, emptyDir). */
export function resolveVolume(model: Model, pod: Pod, volume: Volume): DataPath | undefined {
  const name = text(volume.name) ?? '';
  const namespace = pod.metadata.namespace;
  if (volume.iscsi !== undefined) {
    const path = emptyPath(name);
    resolveIscsi(model, path, volume.iscsi, undefined);
    return path;
  }
  if (volume.nfs !== undefined) {
    const path = emptyPath(name);
    resolveNfs(model, path, volume.nfs, namespace);
    return path;
  }
  const claimName = text(volume.persistentVolumeClaim?.claimName);
  if (claimName === undefined) return undefined;
  const path = emptyPath(name);
  path.claim = { kind: 'PersistentVolumeClaim', name: claimName, ...(namespace !== undefined ? { namespace } : {}) };
  const pvc = model.claim(namespace, claimName);
  if (pvc === undefined) {
    path.gaps.push(
      model.kindCoverage('PersistentVolumeClaim') === 'read'
        ? `PersistentVolumeClaim ${namespace ?? ''}/${claimName} does not exist`
        : `PersistentVolumeClaim ${namespace ?? ''}/${claimName} is not in the snapshot`,
    );
    return path;
  }
  path.claim = refOf(pvc);
  const phase = text(pvc.status?.phase);
  if (phase !== undefined) path.claimPhase = phase;
  const sc = text(pvc.spec?.storageClassName);
  if (sc !== undefined) path.storageClass = sc;
  const pvName = text(pvc.spec?.volumeName);
  if (pvName === undefined) {
    path.gaps.push(`${describeRef(refOf(pvc))} is not bound to a PersistentVolume${phase !== undefined ? ` (phase ${phase})` : ''}`);
    return path;
  }
  const pv = model.persistentVolume(pvName);
  path.persistentVolume = { kind: 'PersistentVolume', name: pvName };
  if (pv === undefined) {
    path.gaps.push(
      model.kindCoverage('PersistentVolume') === 'read' ? `PersistentVolume ${pvName} does not exist` : `PersistentVolume ${pvName} is not in the snapshot; the data path stops at the claim`,
    );
    return path;
  }
  path.persistentVolume = refOf(pv);
  path.trace.push(`${describeRef(refOf(pvc))} is bound to PersistentVolume ${pvName}`);
  resolvePersistentVolume(model, path, pv, namespace);
  return path;
}

/**
 * Completes a path whose PV could not be read from a portal the kubelet named in an event message
 * (a `kubectl cluster-info dump` has Services and pods but no PVs). The trace says where the portal came from.
 */
export function completeFromMessage(model: Model, path: DataPath, portal: string, protocol: 'iscsi' | 'nfs', pvName: string | undefined): void {
  path.protocol = protocol;
  if (pvName !== undefined && path.persistentVolume === undefined) path.persistentVolume = { kind: 'PersistentVolume', name: pvName };
  path.trace.push(`the portal ${portal} is taken from the kubelet's event message, because the PersistentVolume could not be read`);
  resolvePortal(model, path, portal);
  if (protocol === 'iscsi' && isJivaServed(model, path, undefined)) {
    path.engine = 'jiva';
    if (pvName !== undefined) {
      attachJivaReplicas(model, path, pvName);
      attachLabelledTargetPods(model, path, 'jiva', pvName);
    }
  }
}

/** The data paths of every storage volume of a pod. */
export function resolveDataPaths(model: Model, pod: Pod): DataPath[] {
  const out: DataPath[] = [];
  for (const v of list(pod.spec?.volumes)) {
    const path = resolveVolume(model, pod, v);
    if (path !== undefined) out.push(path);
  }
  return out;
}
