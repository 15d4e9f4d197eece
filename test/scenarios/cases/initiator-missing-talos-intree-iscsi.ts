import { waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { failedMount, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2024-12-07T16:30:00Z';

export const scenario: Scenario = {
  id: 'initiator-missing-talos-intree-iscsi',
  title: 'In-tree iSCSI volume on Talos: kubelet cannot find iscsiadm',
  source: {
    url: 'https://github.com/siderolabs/talos/issues/9893',
    summary: 'A pod with an inline `iscsi:` volume (Synology target 192.168.178.2:3260) on Talos: "Warning FailedMount 4s (x5 over 12s) kubelet MountVolume.WaitForAttach failed for volume \\"iscsi\\" : executable file not found in $PATH", although `talosctl ls /usr/local` showed the iscsi-tools extension files.',
    rootCause: 'Talos\' kubelet runs in its own container without the iscsiadm binary on its PATH; the iscsi-tools extension serves CSI drivers that exec into the host (e.g. democratic-csi, synology-csi via nsenter), not the in-tree plugin, which needs iscsiadm inside the kubelet\'s environment.',
    filledIn: 'Talos v1.7.5 with Kubernetes v1.30.2 (the report used 1.8.2); the reporter\'s netshoot test pod as given.',
  },
  distribution: 'talos',
  now: NOW,
  pod: 'default/iscsi-test',
  expect: { top: 'initiator-missing', ruledOut: ['iscsid-not-running', 'initiator-misconfigured', 'mount-helper-missing', 'external-target-unreachable'] },
  build() {
    const c = baseCluster('talos', NOW, { nodes: ['talos-cp', 'talos-worker-1', 'talos-worker-2'] });
    const pod = c.pod('default/iscsi-test', {
      containers: [{ name: 'iscsi-test', image: 'nicolaka/netshoot', command: ['/bin/bash', '-c', '--'], args: ['while true; do sleep 30; done;'], volumeMounts: [{ name: 'iscsi', mountPath: '/data/iscsi' }] }],
      volumes: [{ name: 'iscsi', source: { iscsi: { targetPortal: '192.168.178.2:3260', portals: ['192.168.178.2:3260'], iqn: 'iqn.2000-01.com.synology:ds2.default-target.79e9f6cabd3', lun: 0, fsType: 'ext4', readOnly: true, iscsiInterface: 'default' } }, mountPath: '/data/iscsi' }],
      node: 'talos-worker-1', created: '-20s', state: waiting('ContainerCreating'),
    });
    scheduled(c, pod, '-20s');
    failedMount(c, pod, 'MountVolume.WaitForAttach failed for volume "iscsi" : executable file not found in $PATH', { count: 5, first: '-12s', last: '-4s' });
    return c.objects();
  },
};
