import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../src/sources/types.ts';
import { coherenceProblems, dig } from '../test/support/cluster-builder.ts';
import { buildSonarrHairpinExample, NOW, OUTPUT_FILE, renderSonarrHairpinExample, SONARR } from './generate.ts';

const objects = buildSonarrHairpinExample();
const all = (kind: string) => objects.filter((o) => o.kind === kind);
const one = (kind: string, name: string): KubeObject => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`${kind} ${name} missing`);
  return found;
};
const nowMs = Date.parse(NOW);
const minutesAgo = (t: unknown) => (nowMs - Date.parse(String(t))) / 60_000;
const eventsOn = (uid: string | undefined) => all('Event').filter((e) => dig(e, 'involvedObject', 'uid') === uid);

describe('examples/sonarr-hairpin/cluster.json', () => {
  it('is exactly what the generator writes (run `npm run example:generate` after changing it)', () => {
    expect(readFileSync(OUTPUT_FILE, 'utf8')).toBe(renderSonarrHairpinExample());
  });

  it('is one kubectl get -o json List, generated deterministically', () => {
    const text = renderSonarrHairpinExample();
    expect(text).toBe(renderSonarrHairpinExample());
    expect(JSON.parse(text)).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(text.endsWith('\n')).toBe(true);
  });

  it('is coherent (owners, bindings, endpoints and events resolve by uid)', () => {
    expect(coherenceProblems(objects)).toEqual([]);
  });

  it('holds no time after now, and its latest time is now', () => {
    const times: number[] = [];
    const walk = (v: unknown): void => {
      if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/.test(v)) times.push(Date.parse(v));
      else if (Array.isArray(v)) v.forEach(walk);
      else if (typeof v === 'object' && v !== null) Object.values(v).forEach(walk);
    };
    walk(objects);
    expect(Math.max(...times)).toBe(nowMs);
  });
});

describe('PIR facts', () => {
  const pod = one('Pod', SONARR.pod);
  const ctrl = one('Pod', SONARR.controllerPod);

  it('sonarr-dd4cb4f69-8kmhv: k8s03, Pending, ContainerCreating, created ~27 minutes ago, no anti-affinity', () => {
    expect(pod.metadata.namespace).toBe('media');
    expect(pod.metadata.labels?.['app.kubernetes.io/name']).toBe('sonarr');
    expect(pod.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'ReplicaSet', name: SONARR.replicaSet });
    expect(dig(pod, 'spec', 'nodeName')).toBe('k8s03');
    expect(dig(pod, 'spec', 'affinity')).toBeUndefined();
    expect(minutesAgo(pod.metadata.creationTimestamp)).toBe(27);
    expect(dig(pod, 'status', 'phase')).toBe('Pending');
    expect(dig(pod, 'status', 'containerStatuses', 0, 'state')).toEqual({ waiting: { reason: 'ContainerCreating' } });
    const conditions = dig(pod, 'status', 'conditions') as { type: string; status: string }[];
    expect(Object.fromEntries(conditions.map((c) => [c.type, c.status]))).toEqual({ PodScheduled: 'True', Initialized: 'True', ContainersReady: 'False', Ready: 'False' });
  });

  it('the PVC, PV and portal: pvc-<PVC uid>, 1Gi openebs-jiva-default, 10.152.183.62:3260', () => {
    const pvc = one('PersistentVolumeClaim', SONARR.claim);
    expect(pvc.metadata.uid).toBe(SONARR.claimUid);
    expect(dig(pvc, 'spec')).toMatchObject({ volumeName: SONARR.pv, storageClassName: 'openebs-jiva-default', resources: { requests: { storage: '1Gi' } } });
    expect(dig(one('PersistentVolume', SONARR.pv), 'spec', 'iscsi', 'targetPortal')).toBe(SONARR.portal);
    expect(dig(one('Service', `${SONARR.pv}-ctrl-svc`), 'spec', 'clusterIP')).toBe('10.152.183.62');
  });

  it('the Jiva controller pod: k8s03, 2/2 Ready, 0 restarts, up for 6+ hours, behind the ctrl-svc', () => {
    expect(ctrl.metadata.namespace).toBe('openebs');
    expect(dig(ctrl, 'spec', 'nodeName')).toBe('k8s03');
    const statuses = dig(ctrl, 'status', 'containerStatuses') as { ready: boolean; restartCount: number; state: { running?: { startedAt: string } } }[];
    expect(statuses.map((s) => [s.ready, s.restartCount])).toEqual([[true, 0], [true, 0]]);
    for (const s of statuses) expect(minutesAgo(s.state.running?.startedAt)).toBeGreaterThanOrEqual(6 * 60);
    const slice = all('EndpointSlice').find((s) => s.metadata.labels?.['kubernetes.io/service-name'] === `${SONARR.pv}-ctrl-svc`);
    expect(dig(slice, 'endpoints', 0, 'targetRef', 'uid')).toBe(ctrl.metadata.uid);
    expect(dig(slice, 'endpoints', 0, 'nodeName')).toBe('k8s03');
  });

  it('the replicas: rep-1 k8s02 (6 restarts), rep-2 k8s01 (0), rep-3 k8s03 (3), all 1/1 Running', () => {
    const replicas = [1, 2, 3].map((i) => all('Pod').find((p) => p.metadata.name.startsWith(`${SONARR.pv}-rep-${String(i)}-`)));
    expect(replicas.map((p) => dig(p, 'spec', 'nodeName'))).toEqual(['k8s02', 'k8s01', 'k8s03']);
    expect(replicas.map((p) => dig(p, 'status', 'containerStatuses', 0, 'restartCount'))).toEqual([6, 0, 3]);
    expect(replicas.map((p) => [dig(p, 'status', 'phase'), dig(p, 'status', 'containerStatuses', 0, 'ready')])).toEqual([['Running', true], ['Running', true], ['Running', true]]);
  });

  it('events on the current pod: scheduled, attached, then the iSCSI PDU failure and the mount timeout', () => {
    const events = eventsOn(pod.metadata.uid);
    expect(events.map((e) => e.reason).sort()).toEqual(['FailedMount', 'FailedMount', 'Scheduled', 'SuccessfulAttachVolume']);
    const attach = events.find((e) => e.reason === 'SuccessfulAttachVolume');
    expect(attach).toMatchObject({ type: 'Normal', source: { component: 'attachdetach-controller' }, message: `AttachVolume.Attach succeeded for volume "${SONARR.pv}"` });
    const [pdu, summary] = ['WaitForAttach', 'Unable to attach'].map((s) => events.find((e) => String(e.message).includes(s)));
    expect(pdu).toMatchObject({ type: 'Warning', count: 12, source: { component: 'kubelet', host: 'k8s03' }, reportingInstance: 'k8s03' });
    expect(pdu?.message).toBe(
      `MountVolume.WaitForAttach failed for volume "${SONARR.pv}" : failed to get any path for iscsi disk, last err seen:\n` +
        'iscsi: failed to sendtargets to portal 10.152.183.62:3260 output: iscsiadm: Connection to Discovery Address 10.152.183.62 failed\n' +
        'iscsiadm: Login I/O error, failed to receive a PDU\n' +
        'iscsiadm: connection login retries (reopen_max) 5 exceeded\n' +
        'iscsiadm: Could not perform SendTargets discovery: iSCSI PDU timed out\n' +
        ', err exit status 4',
    );
    expect(minutesAgo(pdu?.firstTimestamp) - 0).toBeCloseTo(25, 0);
    expect(minutesAgo(pdu?.lastTimestamp)).toBeLessThanOrEqual(1);
    const apiAccess = (dig(pod, 'spec', 'volumes') as { name: string }[]).map((v) => v.name).find((n) => n.startsWith('kube-api-access-'));
    expect(summary?.message).toBe(`Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[config ${apiAccess ?? '?'}]: timed out waiting for the condition`);
    expect(summary?.count).toBe(11);
  });

  it('the stale fsck failure belongs to an earlier pod on k8s01 that is gone, and predates the current pod', () => {
    const fsck = all('Event').find((e) => String(e.message).includes("'fsck' found errors"));
    expect(dig(fsck, 'involvedObject', 'name')).toBe(SONARR.stalePod);
    expect(dig(fsck, 'involvedObject', 'uid')).not.toBe(pod.metadata.uid);
    expect(objects.some((o) => o.metadata.uid === dig(fsck, 'involvedObject', 'uid'))).toBe(false);
    expect(fsck).toMatchObject({ type: 'Warning', reason: 'FailedMount', source: { component: 'kubelet', host: 'k8s01' } });
    expect(minutesAgo(fsck?.lastTimestamp)).toBe(45);
    expect(String(fsck?.message)).toContain(`/dev/disk/by-path/ip-10.152.183.62:3260-iscsi-iqn.2016-09.com.openebs.jiva:${SONARR.pv}-lun-0 but could not correct them: fsck from util-linux 2.37.2\n`);
    const staleReasons = all('Event').filter((e) => dig(e, 'involvedObject', 'name') === SONARR.stalePod).map((e) => e.reason);
    expect(staleReasons).toEqual(expect.arrayContaining(['Unhealthy', 'Killing']));
    const created = all('Event').find((e) => e.reason === 'SuccessfulCreate');
    expect(created).toMatchObject({ message: `Created pod: ${SONARR.pod}`, involvedObject: { kind: 'ReplicaSet', name: SONARR.replicaSet } });
  });

  it('only sonarr shares a node with its own Jiva controller', () => {
    const coLocated = all('PersistentVolumeClaim')
      .filter((pvc) => dig(pvc, 'spec', 'storageClassName') === 'openebs-jiva-default')
      .map((pvc) => {
        const consumer = all('Pod').find((p) => p.metadata.namespace === 'media' && (dig(p, 'spec', 'volumes') as { persistentVolumeClaim?: { claimName: string } }[]).some((v) => v.persistentVolumeClaim?.claimName === pvc.metadata.name));
        const controller = all('Pod').find((p) => p.metadata.labels?.['openebs.io/controller'] === 'jiva-controller' && p.metadata.labels['openebs.io/persistent-volume'] === `pvc-${pvc.metadata.uid ?? ''}`);
        return { claim: pvc.metadata.name, same: dig(consumer, 'spec', 'nodeName') === dig(controller, 'spec', 'nodeName') };
      });
    expect(coLocated).toHaveLength(5);
    expect(coLocated.filter((x) => x.same).map((x) => x.claim)).toEqual(['sonarr-config']);
  });

  it('the k8s02 restart storm and image GC failures (DiskPressure still False)', () => {
    const restarts = (prefix: string) => {
      const p = all('Pod').find((x) => x.metadata.namespace === 'openebs' && x.metadata.name.startsWith(`${prefix}-`));
      const statuses = dig(p, 'status', 'containerStatuses') as { restartCount: number; lastState: { terminated?: { finishedAt: string } } }[];
      for (const s of statuses) expect(minutesAgo(s.lastState.terminated?.finishedAt)).toBeLessThan(11);
      return [dig(p, 'spec', 'nodeName'), statuses.reduce((n, s) => n + s.restartCount, 0)];
    };
    expect(restarts('openebs-localpv-provisioner')).toEqual(['k8s02', 697]);
    expect(restarts('openebs-snapshot-operator')).toEqual(['k8s02', 184]);
    expect(restarts('openebs-provisioner')).toEqual(['k8s02', 110]);
    expect(restarts('openebs-ndm-operator')).toEqual(['k8s02', 76]);
    expect(restarts('openebs-apiserver')).toEqual(['k8s01', 77]);
    const gc = all('Event').filter((e) => dig(e, 'involvedObject', 'kind') === 'Node');
    expect(gc.map((e) => `${String(e.reason)} ${String(dig(e, 'involvedObject', 'name'))}`).sort()).toEqual(['FreeDiskSpaceFailed k8s02', 'ImageGCFailed k8s02']);
    for (const e of gc) expect(e.message).toBe('Failed to garbage collect required amount of images. Attempted to free 4294967296 bytes, but only found 0 bytes eligible to free.');
    const disk = (dig(one('Node', 'k8s02'), 'status', 'conditions') as { type: string; status: string }[]).find((c) => c.type === 'DiskPressure');
    expect(disk?.status).toBe('False');
  });

  it('has no other warnings than the incident, the false trail, the storm and the GC failures', () => {
    const warnings = all('Event').filter((e) => e.type === 'Warning').map((e) => e.reason);
    expect(new Set(warnings)).toEqual(new Set(['FailedMount', 'Unhealthy', 'BackOff', 'ImageGCFailed', 'FreeDiskSpaceFailed']));
    const notReady = all('Pod').filter((p) => dig(p, 'status', 'conditions') !== undefined && (dig(p, 'status', 'conditions') as { type: string; status: string }[]).some((c) => c.type === 'Ready' && c.status !== 'True'));
    expect(notReady.map((p) => p.metadata.name)).toEqual([SONARR.pod]);
  });
});
