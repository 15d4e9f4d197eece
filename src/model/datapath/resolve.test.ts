import { describe, expect, it } from 'vitest';
import { ClusterBuilder, pvcVolume, running, waiting } from '../../../test/support/cluster-builder.ts';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { stuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { modelOf } from '../../../test/support/state.ts';
import type { KubeObject } from '../../sources/types.ts';
import type { Pod } from '../../kube/types.ts';
import { resolveDataPaths } from './resolve.ts';

function pathsOf(objects: KubeObject[], ns: string, name: string) {
  const model = modelOf(objects, NOW);
  return resolveDataPaths(model, model.pod(ns, name) as Pod);
}

/** Renames every object whose name contains `from`, keeping uids and references by uid (EndpointSlice targetRefs keep uids). */
function renameAll(objects: KubeObject[], from: string, to: string): KubeObject[] {
  return JSON.parse(JSON.stringify(objects).replaceAll(`${from}-ctrl`, to)) as KubeObject[];
}

describe('resolveDataPaths', () => {
  it('follows a legacy Jiva PV: portal ClusterIP → Service → EndpointSlice → controller pod; replicas by label', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s02' });
    const [p] = pathsOf(s.objects, 'media', s.app.pod.metadata.name);
    expect(p).toMatchObject({ volume: 'config', protocol: 'iscsi', engine: 'jiva', endpointsKnown: true, readyEndpoints: 1, replicationFactor: 3 });
    expect(p?.portal).toMatchObject({ address: s.volume.portal, kind: 'service-cluster-ip', port: 3260 });
    expect(p?.service?.ref.uid).toBe(s.volume.service.metadata.uid);
    expect(p?.servingPods.map((x) => [x.ref.uid, x.node, x.ready, x.inEndpoints])).toEqual([[s.volume.controllerPod.metadata.uid, 'k8s02', true, true]]);
    expect(p?.replicas.map((r) => r.node).sort()).toEqual(['k8s01', 'k8s02', 'k8s03']);
  });

  it('does not depend on object names: renamed Service and controller resolve the same', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s02' });
    const renamed = renameAll(s.objects, s.volume.pvName, 'storage-target-7');
    const [p] = pathsOf(renamed, 'media', s.app.pod.metadata.name);
    expect(p?.service?.ref.name).toMatch(/^storage-target-7/);
    expect(p?.servingPods[0]?.ref.uid).toBe(s.volume.controllerPod.metadata.uid);
    expect(p?.servingPods[0]?.node).toBe('k8s02');
  });

  it('falls back to the Service selector when no Endpoints or EndpointSlices were read (a cluster-info dump), and says so', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s01' });
    const dumpOnly = s.objects.filter((o) => o.kind !== 'Endpoints' && o.kind !== 'EndpointSlice');
    const [p] = pathsOf(dumpOnly, 'media', s.app.pod.metadata.name);
    expect(p?.endpointsKnown).toBe(false);
    expect(p?.servingPods[0]?.node).toBe('k8s01');
    expect(p?.servingPods[0]?.inEndpoints).toBeUndefined();
    expect(p?.gaps.some((g) => g.includes('selector only'))).toBe(true);
  });

  it("follows a Longhorn volume to its NFS share-manager by longhorn-manager's label, whatever the objects are called", () => {
    // longhorn-manager types.GetShareManagerInstanceLabel: longhorn.io/share-manager=<volume> on the pod and its Service.
    const s = stuckOnCsi({
      driver: 'driver.longhorn.io',
      extra: (c, pv) => {
        const labels = { 'longhorn.io/share-manager': pv.metadata.name };
        c.namespace('storage');
        c.pod('storage/nfs-for-data', { labels, image: 'longhornio/longhorn-share-manager:v1.5.1', node: 'k8s03', created: '-1h', state: running({ since: '-1h', ready: false }) });
        c.service('storage/share-of-data', { selector: labels, labels, ports: [{ name: 'nfs', port: 2049 }] });
      },
    });
    const model = modelOf(s.objects, NOW);
    const [p] = resolveDataPaths(model, model.pod('prod', s.pod.split('/')[1] ?? '') as Pod);
    expect(p).toMatchObject({ protocol: 'csi', driver: 'driver.longhorn.io', engine: 'longhorn-share-manager' });
    expect(p?.service?.ref).toMatchObject({ namespace: 'storage', name: 'share-of-data' });
    expect(p?.servingPods.map((sp) => [sp.ref.name, sp.ready])).toEqual([['nfs-for-data', false]]);
    // A Longhorn volume with no share-manager (RWO) gets no serving side.
    const rwo = stuckOnCsi({ driver: 'driver.longhorn.io' });
    const rwoModel = modelOf(rwo.objects, NOW);
    const [q] = resolveDataPaths(rwoModel, rwoModel.pod('prod', rwo.pod.split('/')[1] ?? '') as Pod);
    expect(q?.engine).toBeUndefined();
    expect(q?.service).toBeUndefined();
  });

  it('reports a PV missing from the snapshot as a gap, not a guess', () => {
    const s = stuckOnJiva();
    const [p] = pathsOf(s.objects.filter((o) => o.kind !== 'PersistentVolume'), 'media', s.app.pod.metadata.name);
    expect(p?.protocol).toBe('unknown');
    expect(p?.gaps).toEqual([`PersistentVolume ${s.volume.pvName} is not in the snapshot; the data path stops at the claim`]);
  });

  it('classifies an NFS server given as a cluster DNS name and finds the serving pod', () => {
    const c = new ClusterBuilder({ now: NOW });
    for (const n of ['n1', 'n2']) c.node(n);
    const server = c.deployment('storage/nfs-server', { image: 'nfs-ganesha:4', node: 'n2', labels: { app: 'nfs-server' }, state: running() });
    c.service('storage/nfs-server', { ports: [{ name: 'nfs', port: 2049 }] });
    c.boundClaim('web/shared', { source: { nfs: { server: 'nfs-server.storage.svc.cluster.local', path: '/export/shared' } }, storageClass: 'nfs' });
    const app = c.deployment('web/site', { image: 'nginx', node: 'n1', state: waiting('ContainerCreating'), volumes: [pvcVolume('shared', 'shared')] });
    const [p] = pathsOf(c.objects(), 'web', app.pod.metadata.name);
    expect(p).toMatchObject({ protocol: 'nfs', portal: { kind: 'service-dns-name', host: 'nfs-server.storage.svc.cluster.local' } });
    expect(p?.servingPods.map((x) => x.ref.uid)).toEqual([server.pod.metadata.uid]);
  });

  it('calls an address outside every Service, pod and node external', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.boundClaim('web/media', { source: { nfs: { server: '192.168.1.20', path: '/volume1/media' } } });
    const app = c.deployment('web/app', { image: 'x', node: 'n1', state: running(), volumes: [pvcVolume('media', 'media')] });
    const [p] = pathsOf(c.objects(), 'web', app.pod.metadata.name);
    expect(p?.portal?.kind).toBe('external');
    expect(p?.servingPods).toEqual([]);
  });

  it('follows a Jiva CSI volume through its JivaVolume to the Service', () => {
    const c = new ClusterBuilder({ now: NOW });
    for (const n of ['n1', 'n2']) c.node(n);
    const pvName = 'pvc-0c2b0c68-7f0b-4a9e-9c55-3f2f1d4c8e11';
    const ctrl = c.deployment(`openebs/${pvName}-jiva-ctrl`, {
      image: 'openebs/jiva:3.6.0',
      node: 'n1',
      labels: { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume': pvName },
      state: running(),
    });
    const svc = c.service(`openebs/${pvName}-jiva-ctrl-svc`, {
      selector: { 'openebs.io/cas-type': 'jiva', 'openebs.io/component': 'jiva-controller', 'openebs.io/persistent-volume': pvName },
      ports: [{ name: 'iscsi', port: 3260 }],
    });
    c.boundClaim('app/data', { source: { csi: { driver: 'jiva.csi.openebs.io', volumeHandle: pvName } }, pvName, storageClass: 'openebs-jiva-csi-default' });
    const ip = (svc.service.spec as { clusterIP: string }).clusterIP;
    const jv: KubeObject = {
      apiVersion: 'openebs.io/v1',
      kind: 'JivaVolume',
      metadata: { name: pvName, namespace: 'openebs', uid: 'jv-1', labels: { 'openebs.io/persistent-volume': pvName, 'openebs.io/component': 'jiva-volume' } },
      spec: { pv: pvName, iscsiSpec: { targetIP: ip, targetPort: 3260, iqn: `iqn.2016-09.com.openebs.jiva:${pvName}` }, desiredReplicationFactor: 3 },
      status: { status: 'RO', phase: 'Syncing', replicaCount: 1 },
    };
    const app = c.deployment('app/db', { image: 'mysql', node: 'n2', state: waiting('ContainerCreating'), volumes: [pvcVolume('data', 'data')] });
    const [p] = pathsOf([...c.objects(), jv], 'app', app.pod.metadata.name);
    expect(p).toMatchObject({ protocol: 'csi', driver: 'jiva.csi.openebs.io', engine: 'jiva', replicationFactor: 3, volumeStatus: { mode: 'RO', phase: 'Syncing' } });
    expect(p?.portal).toMatchObject({ address: `${ip}:3260`, kind: 'service-cluster-ip' });
    expect(p?.servingPods[0]?.ref.uid).toBe(ctrl.pod.metadata.uid);
  });

  it('says when JivaVolume objects are not in the snapshot', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.boundClaim('app/data', { source: { csi: { driver: 'jiva.csi.openebs.io', volumeHandle: 'pvc-1' } }, pvName: 'pvc-1' });
    const app = c.deployment('app/db', { image: 'mysql', node: 'n1', state: waiting('ContainerCreating'), volumes: [pvcVolume('data', 'data')] });
    const [p] = pathsOf(c.objects(), 'app', app.pod.metadata.name);
    expect(p?.gaps[0]).toMatch(/JivaVolume objects were not in the snapshot/);
  });

  it('follows a cStor CSI volume through its CStorVolume, and counts CStorVolumeReplicas', () => {
    const c = new ClusterBuilder({ now: NOW });
    for (const n of ['n1', 'n2', 'n3']) c.node(n);
    const pvName = 'pvc-5b1f7e2a-1d3c-4c8e-9a61-2f7b8c9d0e1f';
    const labels = { app: 'cstor-volume-manager', 'openebs.io/target': 'cstor-target', 'openebs.io/persistent-volume': pvName };
    const target = c.deployment(`openebs/${pvName}-target`, { image: 'openebs/cstor-istgt:3.6.0', node: 'n3', labels, state: running() });
    const svc = c.service(`openebs/${pvName}`, { selector: labels, ports: [{ name: 'cstor-iscsi', port: 3260 }] });
    c.boundClaim('app/data', { source: { csi: { driver: 'cstor.csi.openebs.io', volumeHandle: pvName } }, pvName, storageClass: 'cstor-csi' });
    const ip = (svc.service.spec as { clusterIP: string }).clusterIP;
    const cv: KubeObject = {
      apiVersion: 'cstor.openebs.io/v1',
      kind: 'CStorVolume',
      metadata: { name: pvName, namespace: 'openebs', uid: 'cv-1', labels: { 'openebs.io/persistent-volume': pvName } },
      spec: { targetIP: ip, targetPort: '3260', targetPortal: `${ip}:3260`, iqn: `iqn.2016-09.com.openebs.cstor:${pvName}`, replicationFactor: 3, consistencyFactor: 2 },
      status: { phase: 'Degraded' },
    };
    const cvrs: KubeObject[] = ['n1', 'n2', 'n3'].map((node, i) => ({
      apiVersion: 'cstor.openebs.io/v1',
      kind: 'CStorVolumeReplica',
      metadata: { name: `${pvName}-cstor-pool-${node}`, namespace: 'openebs', uid: `cvr-${i}`, labels: { 'cstorvolume.openebs.io/name': pvName }, annotations: { 'cstorpoolinstance.openebs.io/hostname': node } },
      status: { phase: i === 0 ? 'Offline' : 'Healthy' },
    }));
    const app = c.deployment('app/db', { image: 'mysql', node: 'n1', state: waiting('ContainerCreating'), volumes: [pvcVolume('data', 'data')] });
    const [p] = pathsOf([...c.objects(), cv, ...cvrs], 'app', app.pod.metadata.name);
    expect(p).toMatchObject({ protocol: 'csi', engine: 'cstor', replicationFactor: 3, volumeStatus: { phase: 'Degraded' }, portal: { kind: 'service-cluster-ip' } });
    expect(p?.servingPods[0]?.ref.uid).toBe(target.pod.metadata.uid);
    expect(p?.replicas.map((r) => [r.node, r.ready])).toEqual([
      ['n1', false],
      ['n2', true],
      ['n3', true],
    ]);
  });

  it('finds CSI node-plugin pods under a non-default kubelet root (microk8s)', () => {
    const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
    for (const n of ['n1', 'n2']) c.node(n);
    const driver = 'rbd.csi.ceph.com';
    c.daemonSet('ceph/csi-rbdplugin', {
      nodes: ['n1', 'n2'],
      containers: [
        { name: 'driver-registrar', image: 'registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.9.0', args: ['--v=0', '--csi-address=/csi/csi.sock', `--kubelet-registration-path=/var/snap/microk8s/common/var/lib/kubelet/plugins/${driver}/csi.sock`] },
        { name: 'csi-rbdplugin', image: 'quay.io/cephcsi/cephcsi:v3.10.0' },
      ],
      volumes: [{ name: 'plugin-dir', source: { hostPath: { path: `/var/snap/microk8s/common/var/lib/kubelet/plugins/${driver}`, type: 'DirectoryOrCreate' } } }],
      state: { n1: running(), n2: running({ ready: false }) },
    });
    c.boundClaim('app/data', { source: { csi: { driver, volumeHandle: 'vol-1' } }, storageClass: 'ceph-rbd' });
    const app = c.deployment('app/db', { image: 'mysql', node: 'n2', state: waiting('ContainerCreating'), volumes: [pvcVolume('data', 'data')] });
    const [p] = pathsOf(c.objects(), 'app', app.pod.metadata.name);
    expect(p?.driver).toBe(driver);
    expect(p?.nodePlugins.map((n) => [n.node, n.ready]).sort()).toEqual([
      ['n1', true],
      ['n2', false],
    ]);
  });
});

describe('resolveDataPaths: portals and targets found without a dedicated resolver', () => {
  function csiPod(attributes: Record<string, string>) {
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    c.boundClaim('prod/data', { source: { csi: { driver: 'org.democratic-csi.iscsi', volumeHandle: 'pvc-data', volumeAttributes: attributes } }, storageClass: 'truenas-iscsi' });
    const app = c.deployment('prod/app', { image: 'example/app:1', node: 'k8s01', state: waiting('ContainerCreating'), volumes: [pvcVolume('data', 'data')] });
    return pathsOf(c.objects(), 'prod', app.pod.metadata.name)[0];
  }

  it('takes an iSCSI CSI driver\'s portal from volumeAttributes (democratic-csi `portal`, csi-driver-iscsi `targetPortal`)', () => {
    // https://github.com/democratic-csi/democratic-csi/issues/126 shows volume_context {"portal":"…:3260","iqn":…}.
    expect(csiPod({ portal: '192.168.10.5:3260', iqn: 'iqn.2005-10.org.freenas.ctl:csi-data', lun: '0' })?.portal).toMatchObject({ host: '192.168.10.5', port: 3260, kind: 'external' });
    expect(csiPod({ targetPortal: '192.168.10.6:3260' })?.portal).toMatchObject({ host: '192.168.10.6', kind: 'external' });
    expect(csiPod({ fsType: 'xfs' })?.portal).toBeUndefined();
  });

  it('resolves a CSI NFS volume\'s volumeAttributes.server to the Service it names, like an in-tree nfs.server', () => {
    // kubernetes-csi/csi-driver-nfs PVs: volumeAttributes {server, share} (https://github.com/kubernetes-csi/csi-driver-nfs/blob/master/deploy/example/pv-nfs-csi.yaml)
    const c = new ClusterBuilder({ now: NOW });
    for (const n of ['n1', 'n2']) c.node(n);
    const server = c.deployment('storage/nfs-server', { image: 'nfs-ganesha:4', node: 'n2', labels: { app: 'nfs-server' }, state: running() });
    const svc = c.service('storage/nfs-server', { ports: [{ name: 'nfs', port: 2049 }] });
    c.boundClaim('web/shared', { source: { csi: { driver: 'nfs.csi.k8s.io', volumeHandle: 'nfs-server.storage.svc.cluster.local#share##', volumeAttributes: { server: 'nfs-server.storage.svc.cluster.local', share: '/share' } } } });
    const app = c.deployment('web/site', { image: 'nginx', node: 'n1', state: waiting('ContainerCreating'), volumes: [pvcVolume('shared', 'shared')] });
    const [p] = pathsOf(c.objects(), 'web', app.pod.metadata.name);
    expect(p).toMatchObject({ protocol: 'csi', driver: 'nfs.csi.k8s.io', portal: { kind: 'service-dns-name', host: 'nfs-server.storage.svc.cluster.local' }, service: { ref: { name: svc.service.metadata.name, namespace: 'storage' } } });
    expect(p?.servingPods.map((x) => x.ref.uid)).toEqual([server.pod.metadata.uid]);
  });

  it('leaves a CSI NFS server name that matches no Service unresolved, and does not guess the pod\'s namespace for a bare name', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    c.service('web/nfs-server', { ports: [{ name: 'nfs', port: 2049 }] });
    c.boundClaim('web/shared', { source: { csi: { driver: 'nfs.csi.k8s.io', volumeHandle: 'nfs-server#share##', volumeAttributes: { server: 'nfs-server', share: '/share' } } } });
    const app = c.deployment('web/site', { image: 'nginx', node: 'n1', state: waiting('ContainerCreating'), volumes: [pvcVolume('shared', 'shared')] });
    const [p] = pathsOf(c.objects(), 'web', app.pod.metadata.name);
    expect(p?.portal).toMatchObject({ kind: 'unresolved-name', host: 'nfs-server' });
    expect(p?.service).toBeUndefined();
  });

  it('finds a legacy Jiva controller by its labels when the PV\'s portal matches no Service', () => {
    const s = stuckOnJiva({ controllerNode: 'k8s02' });
    const objects = s.objects.map((o) => (o.kind === 'PersistentVolume' && o.metadata.name === s.volume.pvName ? { ...o, spec: { ...(o.spec as object), iscsi: { ...(o.spec as { iscsi: object }).iscsi, targetPortal: '10.152.183.250:3260' } } } : o));
    const [p] = pathsOf(objects, 'media', s.app.pod.metadata.name);
    expect(p?.servingPods).toEqual([]);
    expect(p?.labelledTargetPods?.map((x) => [x.ref.uid, x.node, x.ready])).toEqual([[s.volume.controllerPod.metadata.uid, 'k8s02', true]]);
    // With a working portal the controller is a serving pod, and no labelled lookup is needed.
    expect(pathsOf(s.objects, 'media', s.app.pod.metadata.name)[0]?.labelledTargetPods).toBeUndefined();
  });
  it('recognises a legacy (non-CSI) cStor PV by its cas-type and counts its CStorVolumeReplicas', () => {
    // Legacy cStor PVs carry openebs.io/cas-type: cstor and an in-tree spec.iscsi source (reference §3).
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    const pvName = 'pvc-0c1d2e3f-4a5b-6c7d-8e9f-0a1b2c3d4e5f';
    c.boundClaim('prod/data', { pvName, source: { iscsi: { targetPortal: '10.96.44.12:3260', iqn: `iqn.2016-09.com.openebs.cstor:${pvName}`, lun: 0 } }, storageClass: 'openebs-cstor', pvAnnotations: { 'openebs.io/cas-type': 'cstor' } });
    c.custom({ apiVersion: 'openebs.io/v1alpha1', kind: 'CStorVolume', name: pvName, namespace: 'openebs', labels: { 'openebs.io/persistent-volume': pvName }, body: { spec: { replicationFactor: 3, targetIP: '10.96.44.12' }, status: { phase: 'Degraded' } } });
    for (const [i, phase] of ['Healthy', 'Offline', 'Offline'].entries()) {
      c.custom({ apiVersion: 'openebs.io/v1alpha1', kind: 'CStorVolumeReplica', name: `${pvName}-pool-${String(i)}`, namespace: 'openebs', labels: { 'cstorvolume.openebs.io/name': pvName }, body: { status: { phase } } });
    }
    const app = c.deployment('prod/app', { image: 'example/app:1', node: 'k8s01', state: waiting('ContainerCreating'), volumes: [pvcVolume('data', 'data')] });
    const [p] = pathsOf(c.objects(), 'prod', app.pod.metadata.name);
    expect(p).toMatchObject({ protocol: 'iscsi', engine: 'cstor', replicationFactor: 3, volumeStatus: { phase: 'Degraded' } });
    expect(p?.replicas.map((r) => r.ready)).toEqual([true, false, false]);
  });
});
