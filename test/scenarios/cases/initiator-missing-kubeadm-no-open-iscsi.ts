import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2017-02-01T12:48:00Z';

export const scenario: Scenario = {
  id: 'initiator-missing-kubeadm-no-open-iscsi',
  title: 'iSCSI PV on a node whose image has no iscsiadm: "executable file not found in $PATH"',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/40789',
    summary: 'A pod with an iSCSI volume stayed in ContainerCreating: "MountVolume.SetUp failed for volume \\"kubernetes.io/iscsi/…-iscsipd-ro\\" … with: executable file not found in $PATH", followed by the mount timeout.',
    rootCause: 'The node that runs kubelet (the minikube VM in the report) has no open-iscsi initiator, so kubelet cannot exec iscsiadm; installing the initiator where kubelet runs is required.',
    filledIn: 'Modelled as a kubeadm worker provisioned without open-iscsi; a static iSCSI PV to a LIO target at 10.0.2.2 outside the cluster; event text in current kubelet wording.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'default/iscsipd',
  expect: { top: 'initiator-missing', ruledOut: ['iscsid-not-running', 'initiator-misconfigured', 'external-target-unreachable', 'mount-helper-missing'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['cp', 'worker-1'] });
    const { pv } = c.boundClaim('default/iscsi-ro', { pvName: 'iscsipd-ro', storageClass: null, size: '2Gi', accessModes: ['ReadOnlyMany'], created: '-1h', source: { iscsi: { targetPortal: '10.0.2.2:3260', iqn: 'iqn.2016-12.local.lab:storage.target00', lun: 0, fsType: 'ext4', readOnly: true } } });
    c.attachVolume({ pv, node: 'worker-1' });
    const pod = c.pod('default/iscsipd', { image: 'kubernetes/pause', volumes: [pvcVolume('iscsipd-ro', 'iscsi-ro', '/mnt/iscsipd')], node: 'worker-1', created: '-48m', state: waiting('ContainerCreating') });
    scheduled(c, pod, '-48m');
    failedMount(c, pod, 'MountVolume.WaitForAttach failed for volume "iscsipd-ro" : executable file not found in $PATH', { count: 32, first: '-48m', last: '-43s' });
    mountTimeout(c, pod, ['iscsipd-ro'], { count: 22, first: '-46m', last: '-10s' });
    return c.objects();
  },
};
