import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../src/sources/types.ts';
import {
  ClusterBuilder,
  coherenceProblems,
  configMapVolume,
  crashLoop,
  dig,
  emptyDirVolume,
  hostPathVolume,
  nfsVolume,
  pvcVolume,
  randomSuffix,
  ref,
  running,
  secretVolume,
  templateHashFor,
  uidFor,
  unscheduled,
  waiting,
} from './cluster-builder.ts';

const NOW = '2026-03-30T09:32:00Z';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A small cluster touching every helper. */
function build(): { c: ClusterBuilder; objects: KubeObject[] } {
  const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
  c.node('k8s01');
  c.node('k8s02', { unschedulable: true });
  c.node('k8s03', { diskPressure: true });

  const vol = c.jivaVolume({ claim: 'media/sonarr-config', uid: '17e6e808-a9fc-4f64-b490-71deffdb81fd', clusterIP: '10.152.183.62', controllerNode: 'k8s03', replicaNodes: ['k8s02', 'k8s01', 'k8s03'], replicaRestarts: [6, 0, 3] });
  const sonarr = c.deployment('media/sonarr', {
    image: 'lscr.io/linuxserver/sonarr:latest',
    ports: [{ name: 'http', containerPort: 8989 }],
    node: 'k8s03',
    podCreated: '-27m',
    state: waiting('ContainerCreating'),
    volumes: [pvcVolume('config', 'sonarr-config')],
  });
  c.service('media/sonarr', { ports: [{ name: 'http', port: 8989, targetPort: 'http' }] });
  c.attachVolume({ pv: vol.pv, node: 'k8s03' });

  const web = c.deployment('web/nginx', { image: 'nginx:1.25', replicas: 2, pods: [{ node: 'k8s01' }, { node: 'k8s02', state: running({ ready: false }) }], ports: [{ name: 'http', containerPort: 80 }] });
  c.service('web/nginx', { ports: [{ name: 'web', port: 80, targetPort: 'http' }] });
  c.statefulSet('db/postgres', {
    image: 'postgres:16',
    node: 'k8s01',
    claimTemplates: [{ name: 'data', size: '5Gi', storageClass: 'csi-hostpath', source: { csi: { driver: 'hostpath.csi.k8s.io', volumeHandle: 'vol-1' } } }],
  });
  c.daemonSet('kube-system/agent', { image: 'agent:1.0', hostNetwork: true, state: { k8s01: running(), k8s02: crashLoop(4), k8s03: running() } });
  c.pod('default/debug', { image: 'busybox:1.36', state: unscheduled(), volumes: [configMapVolume('cfg', 'debug'), secretVolume('creds', 'debug'), hostPathVolume('host', '/var/log', { mountPath: '/host' }), nfsVolume('nas', '192.168.1.20', '/volume1'), emptyDirVolume('tmp')] });
  c.storageClass('csi-hostpath', { provisioner: 'hostpath.csi.k8s.io' });
  c.boundClaim('media/tautulli-config', { storageClass: 'openebs-hostpath', provisioner: 'openebs.io/local', node: 'k8s03', source: { local: { path: '/var/openebs/local/x' } } });
  c.claim('media/pending', { storageClass: 'missing' });

  c.event({ on: sonarr.pod, reason: 'Scheduled', message: 'Successfully assigned media/x to k8s03', last: '-27m' });
  c.event({ on: sonarr.pod, reason: 'FailedMount', message: 'MountVolume.WaitForAttach failed', count: 12, first: '-25m', last: '-1m' });
  c.event({ on: c.goneRef('Pod', 'media/sonarr-dd4cb4f69-q6t2n'), source: { component: 'kubelet', host: 'k8s01' }, reason: 'FailedMount', message: 'fsck', last: '-45m' });
  c.event({ on: c.get('Node', 'k8s03'), reason: 'ImageGCFailed', message: 'gc', count: 30, first: '-2d', last: '-3m' });
  c.event({ on: web.pods[1] ?? web.pod, reason: 'Unhealthy', container: 'nginx', message: 'Readiness probe failed', style: 'events-api', count: 5, first: '-10m', last: '-1m' });
  return { c, objects: c.objects() };
}

describe('ClusterBuilder', () => {
  const { c, objects } = build();
  const all = (kind: string) => objects.filter((o) => o.kind === kind);
  const one = (kind: string, name: string) => {
    const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
    if (!found) throw new Error(`${kind} ${name} missing`);
    return found;
  };

  it('gives every object kind, apiVersion, name, a UUID uid, resourceVersion and creationTimestamp', () => {
    for (const o of objects) {
      expect(o.kind, JSON.stringify(o.metadata)).toMatch(/^[A-Z]/);
      expect(o.apiVersion).toMatch(/^(v1|apps\/v1|storage\.k8s\.io\/v1|discovery\.k8s\.io\/v1)$/);
      expect(o.metadata.name).not.toBe('');
      expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
      expect(o.metadata.resourceVersion).toMatch(/^\d+$/);
      expect(o.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
  });

  it('is coherent: owners, claims, bindings, endpoints and events resolve by uid', () => {
    expect(coherenceProblems(objects)).toEqual([]);
  });

  it('detects incoherence', () => {
    const broken = structuredClone(objects);
    const pod = broken.find((o) => o.kind === 'Pod' && o.metadata.name.startsWith('sonarr-'));
    if (pod?.metadata.ownerReferences?.[0]) pod.metadata.ownerReferences[0].uid = 'nope';
    expect(coherenceProblems(broken).join('\n')).toMatch(/owner ReplicaSet sonarr-\w+ \(nope\) does not resolve/);
  });

  it('chains Deployment → ReplicaSet → Pod with controller owner references and pod-template-hash', () => {
    const deploy = one('Deployment', 'sonarr');
    const rs = all('ReplicaSet').find((r) => r.metadata.ownerReferences?.[0]?.uid === deploy.metadata.uid);
    expect(rs?.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Deployment', name: 'sonarr', controller: true });
    const hash = rs?.metadata.labels?.['pod-template-hash'] ?? '';
    expect(rs?.metadata.name).toBe(`sonarr-${hash}`);
    expect(hash).toMatch(/^[4-9bcdf]{6,10}$/);
    const pod = all('Pod').find((p) => p.metadata.ownerReferences?.[0]?.uid === rs?.metadata.uid);
    expect(pod?.metadata.name).toMatch(new RegExp(`^sonarr-${hash}-[bcdfghjklmnpqrstvwxz2456789]{5}$`));
    expect(pod?.metadata.labels).toMatchObject({ app: 'sonarr', 'pod-template-hash': hash });
  });

  it('chains StatefulSet and DaemonSet pods, with DaemonSet pods pinned to their node', () => {
    const sts = one('StatefulSet', 'postgres');
    expect(one('Pod', 'postgres-0').metadata.ownerReferences?.[0]?.uid).toBe(sts.metadata.uid);
    expect(one('PersistentVolumeClaim', 'data-postgres-0').spec).toMatchObject({ storageClassName: 'csi-hostpath' });
    const ds = one('DaemonSet', 'agent');
    const dsPods = all('Pod').filter((p) => p.metadata.ownerReferences?.[0]?.uid === ds.metadata.uid);
    expect(dsPods.map((p) => dig(p, 'spec', 'nodeName'))).toEqual(['k8s01', 'k8s02', 'k8s03']);
    expect(dig(dsPods[0], 'spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchFields', 0, 'values')).toEqual(['k8s01']);
    expect(ds.status).toMatchObject({ desiredNumberScheduled: 3, numberReady: 2, numberUnavailable: 1 });
  });

  it('derives deterministic uids (sha1 of kind/namespace/name as a UUID) and allows overrides', () => {
    expect(uidFor('Pod', 'media', 'x')).toMatch(UUID);
    expect(uidFor('Pod', 'media', 'x')).toBe(uidFor('Pod', 'media', 'x'));
    expect(uidFor('Pod', 'media', 'x')).not.toBe(uidFor('Pod', 'media', 'y'));
    expect(one('PersistentVolumeClaim', 'sonarr-config').metadata.uid).toBe('17e6e808-a9fc-4f64-b490-71deffdb81fd');
    expect(randomSuffix('a')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(templateHashFor('a')).toBe(templateHashFor('a'));
  });

  it('produces the same bytes on every build', () => {
    expect(JSON.stringify(build().objects)).toBe(JSON.stringify(objects));
  });

  it('resolves times from ISO strings and offsets from now', () => {
    expect(c.now).toBe(NOW);
    expect(c.time('-27m')).toBe('2026-03-30T09:05:00Z');
    expect(c.time('-1d2h3m4s')).toBe('2026-03-29T07:28:56Z');
    expect(c.time('2026-03-30T09:05:00.123Z')).toBe('2026-03-30T09:05:00Z');
    expect(() => c.time('yesterday')).toThrow(/not a time/);
  });

  it('builds realistic nodes with conditions, nodeInfo, taints and attached volumes', () => {
    const node = one('Node', 'k8s03');
    expect(node.metadata.labels).toMatchObject({ 'kubernetes.io/hostname': 'k8s03', 'microk8s.io/cluster': 'true' });
    expect(dig(node, 'status', 'nodeInfo')).toMatchObject({ kubeletVersion: 'v1.27.16', containerRuntimeVersion: expect.stringMatching(/^containerd:\/\//) as unknown, osImage: expect.stringMatching(/^Ubuntu 22\.04/) as unknown });
    const conditions = dig(node, 'status', 'conditions') as { type: string; status: string }[];
    expect(conditions.map((x) => `${x.type}=${x.status}`)).toEqual(['NetworkUnavailable=False', 'MemoryPressure=False', 'DiskPressure=True', 'PIDPressure=False', 'Ready=True']);
    expect(dig(node, 'spec', 'taints', 0, 'key')).toBe('node.kubernetes.io/disk-pressure');
    expect(dig(one('Node', 'k8s02'), 'spec', 'unschedulable')).toBe(true);
    expect(dig(node, 'status', 'volumesAttached', 0, 'name')).toBe('kubernetes.io/iscsi/10.152.183.62:3260:iqn.2016-09.com.openebs.jiva:pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd:0');
  });

  it('writes pod states: ContainerCreating, running with restarts, CrashLoopBackOff, unscheduled', () => {
    const sonarr = all('Pod').find((p) => p.metadata.name.startsWith('sonarr-'));
    expect(dig(sonarr, 'status', 'phase')).toBe('Pending');
    expect(dig(sonarr, 'status', 'podIP')).toBeUndefined();
    expect(dig(sonarr, 'status', 'containerStatuses', 0, 'state')).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(dig(sonarr, 'status', 'conditions')).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'PodScheduled', status: 'True' }), expect.objectContaining({ type: 'Ready', status: 'False' })]));

    const rep1 = all('Pod').find((p) => p.metadata.name.includes('-rep-1-'));
    expect(dig(rep1, 'status', 'containerStatuses', 0, 'restartCount')).toBe(6);
    expect(dig(rep1, 'status', 'containerStatuses', 0, 'lastState', 'terminated', 'reason')).toBe('Error');
    expect(dig(rep1, 'status', 'containerStatuses', 0, 'state', 'running', 'startedAt')).toMatch(/Z$/);

    const looping = all('Pod').find((p) => p.metadata.name.startsWith('agent-') && dig(p, 'spec', 'nodeName') === 'k8s02');
    expect(dig(looping, 'status', 'phase')).toBe('Running');
    expect(dig(looping, 'status', 'containerStatuses', 0, 'state', 'waiting', 'reason')).toBe('CrashLoopBackOff');

    const debug = one('Pod', 'debug');
    expect(dig(debug, 'spec', 'nodeName')).toBeUndefined();
    expect(dig(debug, 'status', 'conditions', 0)).toMatchObject({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable' });
    const volumes = (dig(debug, 'spec', 'volumes') as { name: string }[]).map((v) => v.name);
    expect(volumes.slice(0, 5)).toEqual(['cfg', 'creds', 'host', 'nas', 'tmp']);
    expect(volumes[5]).toMatch(/^kube-api-access-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('fills Endpoints and EndpointSlices from matching pods with a podIP, by uid', () => {
    const slice = all('EndpointSlice').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'nginx');
    const endpoints = slice?.endpoints as { conditions: { ready: boolean }; targetRef: { uid: string }; nodeName: string }[];
    const pods = all('Pod').filter((p) => p.metadata.namespace === 'web');
    expect(endpoints.map((e) => e.targetRef.uid).sort()).toEqual(pods.map((p) => p.metadata.uid).sort());
    expect(endpoints.map((e) => e.conditions.ready)).toEqual([true, false]);
    expect(slice?.ports).toEqual([{ name: 'web', port: 80, protocol: 'TCP' }]);
    const ep = one('Endpoints', 'nginx');
    expect(dig(ep, 'subsets', 0, 'addresses', 0, 'targetRef', 'uid')).toBe(pods[0]?.metadata.uid);
    expect(dig(ep, 'subsets', 0, 'notReadyAddresses', 0, 'targetRef', 'uid')).toBe(pods[1]?.metadata.uid);
    // sonarr's only pod has no IP yet: the Service has no endpoints at all.
    const sonarrSlice = all('EndpointSlice').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === 'sonarr');
    expect(sonarrSlice?.endpoints).toBeNull();
    expect(one('Endpoints', 'sonarr').subsets).toBeUndefined();
  });

  it('binds PVCs and PVs both ways', () => {
    const { pvc, pv } = { pvc: one('PersistentVolumeClaim', 'tautulli-config'), pv: one('PersistentVolume', `pvc-${one('PersistentVolumeClaim', 'tautulli-config').metadata.uid ?? ''}`) };
    expect(dig(pvc, 'spec', 'volumeName')).toBe(pv.metadata.name);
    expect(dig(pv, 'spec', 'claimRef')).toMatchObject({ kind: 'PersistentVolumeClaim', name: 'tautulli-config', namespace: 'media', uid: pvc.metadata.uid });
    expect(dig(pv, 'spec', 'nodeAffinity', 'required', 'nodeSelectorTerms', 0, 'matchExpressions', 0)).toEqual({ key: 'kubernetes.io/hostname', operator: 'In', values: ['k8s03'] });
    expect(dig(one('PersistentVolumeClaim', 'pending'), 'status', 'phase')).toBe('Pending');
    for (const claim of all('PersistentVolumeClaim').filter((p) => dig(p, 'status', 'phase') === 'Bound')) {
      expect(dig(claim, 'spec', 'volumeName')).toBe(`pvc-${claim.metadata.uid ?? ''}`);
    }
  });

  it('creates a VolumeAttachment for CSI volumes only', () => {
    const pv = all('PersistentVolume').find((p) => dig(p, 'spec', 'csi') !== undefined);
    if (!pv) throw new Error('no CSI PV');
    const va = c.attachVolume({ pv, node: 'k8s01' });
    expect(va?.apiVersion).toBe('storage.k8s.io/v1');
    expect(va?.metadata.name).toMatch(/^csi-[0-9a-f]{64}$/);
    expect(va?.spec).toEqual({ attacher: 'hostpath.csi.k8s.io', nodeName: 'k8s01', source: { persistentVolumeName: pv.metadata.name } });
    // The in-tree iSCSI attach of the Jiva volume made none; this CSI one did.
    expect(all('VolumeAttachment')).toHaveLength(0);
    expect(c.objects().filter((o) => o.kind === 'VolumeAttachment')).toEqual([va]);
  });

  describe('legacy Jiva volume', () => {
    const pvName = 'pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd';
    it('lays out PV, PVC, Service, controller and replicas as OpenEBS >= 1.9 does', () => {
      const pv = one('PersistentVolume', pvName);
      expect(dig(pv, 'spec', 'iscsi')).toMatchObject({ targetPortal: '10.152.183.62:3260', iqn: `iqn.2016-09.com.openebs.jiva:${pvName}`, lun: 0, fsType: 'ext4', readOnly: false });
      expect(pv.metadata.annotations).toMatchObject({ 'pv.kubernetes.io/provisioned-by': 'openebs.io/provisioner-iscsi', openEBSProvisionerIdentity: 'k8s03', 'openebs.io/cas-type': 'jiva' });
      expect(pv.metadata.labels).toEqual({ 'openebs.io/cas-type': 'jiva', 'openebs.io/storageclass': 'openebs-jiva-default' });
      expect(dig(one('PersistentVolumeClaim', 'sonarr-config'), 'spec', 'storageClassName')).toBe('openebs-jiva-default');

      const svc = one('Service', `${pvName}-ctrl-svc`);
      expect(svc.metadata.namespace).toBe('openebs');
      expect(svc.metadata.labels).toMatchObject({ 'openebs.io/controller-service': 'jiva-controller-svc', 'openebs.io/persistent-volume': pvName, 'openebs.io/persistent-volume-claim': 'sonarr-config', pvc: 'sonarr-config', 'openebs.io/cas-type': 'jiva' });
      expect(dig(svc, 'spec', 'selector')).toEqual({ 'openebs.io/controller': 'jiva-controller', 'openebs.io/persistent-volume': pvName });
      expect((dig(svc, 'spec', 'ports') as { name: string; port: number }[]).map((p) => `${p.name}:${String(p.port)}`)).toEqual(['iscsi:3260', 'api:9501', 'exporter:9500']);

      const ctrl = all('Pod').find((p) => p.metadata.labels?.['openebs.io/controller'] === 'jiva-controller');
      expect(dig(ctrl, 'spec', 'nodeName')).toBe('k8s03');
      expect((dig(ctrl, 'spec', 'containers') as { name: string }[]).map((x) => x.name)).toEqual([`${pvName}-ctrl-con`, 'maya-volume-exporter']);
      expect(dig(ctrl, 'spec', 'containers', 0, 'args')).toEqual(['controller', '--frontend', 'gotgt', '--clusterIP', '10.152.183.62', pvName]);
      expect(ctrl?.metadata.annotations).toMatchObject({ 'openebs.io/fs-type': 'ext4', 'openebs.io/lun': '0' });

      const slice = all('EndpointSlice').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === `${pvName}-ctrl-svc`);
      expect(dig(slice, 'endpoints', 0, 'targetRef', 'uid')).toBe(ctrl?.metadata.uid);
      expect(dig(slice, 'endpoints', 0, 'nodeName')).toBe('k8s03');

      for (const [i, node] of ['k8s02', 'k8s01', 'k8s03'].entries()) {
        const name = `${pvName}-rep-${String(i + 1)}`;
        const deploy = one('Deployment', name);
        expect(deploy.metadata.labels).toMatchObject({ 'openebs.io/replica': 'jiva-replica', 'openebs.io/persistent-volume': pvName });
        expect(dig(deploy, 'spec', 'template', 'spec', 'affinity', 'nodeAffinity', 'requiredDuringSchedulingIgnoredDuringExecution', 'nodeSelectorTerms', 0, 'matchExpressions', 0)).toEqual({ key: 'kubernetes.io/hostname', operator: 'In', values: [node] });
        const pod = all('Pod').find((p) => p.metadata.name.startsWith(`${name}-`));
        expect(dig(pod, 'spec', 'nodeName')).toBe(node);
        expect(dig(pod, 'spec', 'containers', 0, 'args')).toEqual(['replica', '--frontendIP', '10.152.183.62', '--size', '1Gi', '/openebs']);
        expect(dig(pod, 'status', 'containerStatuses', 0, 'restartCount')).toBe([6, 0, 3][i]);
      }
    });

    it('returns the names callers need', () => {
      const b = new ClusterBuilder({ now: NOW });
      b.node('a');
      b.node('b');
      const v = b.jivaVolume({ claim: 'x/data', controllerNode: 'a', replicaNodes: ['a', 'b'], controllerHash: '75854597dc', controllerSuffix: 'pr4kt', ready: false });
      expect(v.pvName).toBe(`pvc-${v.pvcUid}`);
      expect(v.controllerPod.metadata.name).toBe(`${v.pvName}-ctrl-75854597dc-pr4kt`);
      expect(v.portal).toMatch(/^10\.96\.0\.\d+:3260$/);
      expect(v.replicas).toHaveLength(2);
      expect(dig(v.controllerPod, 'status', 'containerStatuses', 0, 'ready')).toBe(false);
      expect(coherenceProblems(b.objects())).toEqual([]);
    });
  });

  describe('events', () => {
    const events = all('Event');
    it('references the involved object by uid with legacy timestamps and count', () => {
      const failed = events.find((e) => e.reason === 'FailedMount' && dig(e, 'involvedObject', 'name') !== 'sonarr-dd4cb4f69-q6t2n');
      const pod = all('Pod').find((p) => p.metadata.name.startsWith('sonarr-'));
      expect(failed).toMatchObject({ type: 'Warning', count: 12, firstTimestamp: '2026-03-30T09:07:00Z', lastTimestamp: '2026-03-30T09:31:00Z', eventTime: null, source: { component: 'kubelet', host: 'k8s03' }, reportingComponent: 'kubelet', reportingInstance: 'k8s03' });
      expect(dig(failed, 'involvedObject')).toMatchObject({ kind: 'Pod', namespace: 'media', name: pod?.metadata.name, uid: pod?.metadata.uid });
      expect(failed?.metadata.name).toMatch(new RegExp(`^${pod?.metadata.name ?? ''}\\.[0-9a-f]{16}$`));
    });

    it('can point at a pod that is gone', () => {
      const stale = events.find((e) => dig(e, 'involvedObject', 'name') === 'sonarr-dd4cb4f69-q6t2n');
      expect(dig(stale, 'involvedObject', 'uid')).toBe(uidFor('Pod', 'media', 'sonarr-dd4cb4f69-q6t2n'));
      expect(dig(stale, 'source')).toEqual({ component: 'kubelet', host: 'k8s01' });
    });

    it('writes the scheduler and events.k8s.io-style events with eventTime and series', () => {
      const scheduled = events.find((e) => e.reason === 'Scheduled');
      expect(scheduled).toMatchObject({ firstTimestamp: null, lastTimestamp: null, source: {}, reportingComponent: 'default-scheduler', reportingInstance: 'default-scheduler-k8s01', action: 'Binding' });
      expect(scheduled?.eventTime).toMatch(/^2026-03-30T09:05:00\.\d{6}Z$/);
      const series = events.find((e) => e.reason === 'Unhealthy');
      expect(dig(series, 'series', 'count')).toBe(5);
      expect(dig(series, 'series', 'lastObservedTime')).toMatch(/^2026-03-30T09:31:00\.\d{6}Z$/);
      expect(dig(series, 'involvedObject', 'fieldPath')).toBe('spec.containers{nginx}');
      expect(series?.count).toBeUndefined();
    });

    it('writes kubelet node events as the kubelet does (uid = node name, namespace default)', () => {
      const gc = events.find((e) => e.reason === 'ImageGCFailed');
      expect(gc?.metadata.namespace).toBe('default');
      expect(dig(gc, 'involvedObject')).toEqual({ kind: 'Node', name: 'k8s03', uid: 'k8s03' });
      expect(gc).toMatchObject({ type: 'Warning', count: 30, source: { component: 'kubelet', host: 'k8s03' } });
    });
  });

  it('makes ref() of built objects', () => {
    const node = one('Node', 'k8s01');
    expect(ref(node)).toEqual({ kind: 'Node', apiVersion: 'v1', name: 'k8s01', uid: node.metadata.uid });
  });

  it('rejects pods on undeclared nodes', () => {
    const b = new ClusterBuilder({ now: NOW });
    expect(() => b.pod('default/x', { node: 'nowhere' })).toThrow(/node nowhere is not declared/);
  });
});
