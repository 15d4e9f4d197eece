import { dig, pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { attached, csiClaim, csiDriver, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2025-04-28T09:41:00Z';
const NODES = ['talos-cp-1', 'talos-w-1', 'talos-w-2'];

export const scenario: Scenario = {
  id: 'sandbox-failure-flannel-subnet-env-stale-mount',
  title: 'Flannel not running on the node: "(combined from similar events): … loadFlannelSubnetEnv failed: open /run/flannel/subnet.env", while a Longhorn "mount point busy" warning of the previous pod lingers',
  source: {
    url: 'https://github.com/flannel-io/flannel/issues/2232',
    summary: 'Every new pod stuck creating: "Warning  FailedCreatePodSandBox  3m15s (x17 over 6m45s)  kubelet  (combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox \\"c981dd6fab7e…\\": plugin type=\\"flannel\\" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory".',
    rootCause: 'The flannel CNI plugin cannot read /run/flannel/subnet.env, which only the flanneld daemon on that node writes; with flanneld not running there the sandbox (pod network) cannot be created, whatever the pod\'s volumes. The pod\'s blocker is the sandbox, not storage.',
    filledIn: 'Talos profile (it ships flannel); the kube-flannel pod on talos-w-1 crash-looping; the consumer is a StatefulSet pod on a Longhorn RWO volume that attached fine; the previous incarnation of the same pod (other uid, an hour earlier, reported by talos-w-2) left a Longhorn "already mounted or mount point busy" FailedMount that is stale.',
  },
  distribution: 'talos',
  now: NOW,
  pod: 'apps/gitea-0',
  expect: { top: 'sandbox-failure', ruledOut: ['multipath-claims-device', 'kubelet-volume-stall', 'stale-volume-attachment'] },
  build() {
    const c = baseCluster('talos', NOW, { nodes: NODES });
    // flanneld on talos-w-1 is down: without it nothing writes /run/flannel/subnet.env there.
    for (const p of c.objects()) {
      if (p.kind !== 'Pod' || dig(p, 'metadata', 'labels', 'k8s-app') !== 'flannel' || dig(p, 'spec', 'nodeName') !== 'talos-w-1') continue;
      const st = p.status as { phase: string; conditions: { type: string; status: string }[]; containerStatuses: Record<string, unknown>[] };
      for (const cond of st.conditions) if (cond.type === 'Ready' || cond.type === 'ContainersReady') cond.status = 'False';
      const cs = st.containerStatuses[0];
      if (cs !== undefined) Object.assign(cs, { ready: false, restartCount: 7, state: { waiting: { reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container=kube-flannel' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: c.time('-7m'), finishedAt: c.time('-7m') } } });
    }
    csiDriver(c, { driver: 'driver.longhorn.io', daemonSet: 'longhorn-system/longhorn-csi-plugin', image: 'longhornio/longhorn-manager:v1.8.1', kubeletDir: kubeletDir('talos'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'longhorn-csi-plugin' } });
    const { pv } = csiClaim(c, 'apps/data-gitea-0', { driver: 'driver.longhorn.io', storageClass: 'longhorn', size: '10Gi', created: '-30d', attributes: { numberOfReplicas: '3', staleReplicaTimeout: '30' } });
    c.attachVolume({ pv, node: 'talos-w-1' });
    const s = c.statefulSet('apps/gitea', { image: 'gitea/gitea:1.23.7', volumes: [pvcVolume('data', 'data-gitea-0', '/data')], node: 'talos-w-1', podCreated: '-7m', state: waiting('ContainerCreating'), ip: null });
    const pod = s.pods[0];
    if (pod === undefined) throw new Error('no pod');
    scheduled(c, pod, '-7m');
    attached(c, pod, pv.metadata.name, '-6m50s');
    c.event({ on: pod, reason: 'FailedCreatePodSandBox', message: '(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "c981dd6fab7e72250f444f4e41aaa1d9761c0be4f5e493b6a3dccc326c952ff3": plugin type="flannel" failed (add): loadFlannelSubnetEnv failed: open /run/flannel/subnet.env: no such file or directory', count: 17, first: '-6m45s', last: '-3m15s' });
    // The previous gitea-0 (deleted an hour ago, on talos-w-2) hit a transient staging error; it is not this pod's.
    c.event({ on: pod, involvedUid: '6b1f0a52-93c4-4d1e-8a57-0f3c2d9e7a41', source: { component: 'kubelet', host: 'talos-w-2' }, reason: 'FailedMount', message: `MountVolume.MountDevice failed for volume "${pv.metadata.name}" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t ext4 -o defaults /dev/longhorn/${pv.metadata.name} /var/lib/kubelet/plugins/kubernetes.io/csi/driver.longhorn.io/3f1c1c0b7f4c8d2e5a6b9e0d1c2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f/globalmount\nOutput: mount: /var/lib/kubelet/plugins/kubernetes.io/csi/driver.longhorn.io/3f1c1c0b7f4c8d2e5a6b9e0d1c2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c8d9e0f/globalmount: /dev/longhorn/${pv.metadata.name} already mounted or mount point busy.\n`, count: 3, first: '-68m', last: '-64m' });
    return c.objects();
  },
};
