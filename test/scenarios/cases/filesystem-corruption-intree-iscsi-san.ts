import { pvcVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { attached, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2020-09-22T03:10:00Z';

export const scenario: Scenario = {
  id: 'filesystem-corruption-intree-iscsi-san',
  title: 'In-tree iSCSI LUN from an external array: fsck -a cannot fix the disk',
  source: {
    url: 'https://github.com/kubernetes/kubernetes/issues/94970',
    summary: '"The pod was pending because it waiting for mount pvc(use iscsi device), however, error occur when fsck -a /dev/sda" — MountDevice failed for volume … fsck found errors on device … but could not correct them.',
    rootCause: 'The filesystem on the LUN is corrupted beyond what `fsck -a` (the only mode kubelet runs) repairs; the reporter fixed it with `fsck -y` by hand (the issue asked for kubelet to use -y, which maintainers declined).',
    filledIn: 'A kubeadm cluster mounting a static in-tree iSCSI PV from an array at 10.20.30.40 outside every cluster CIDR; the device path and fsck output in current kubelet wording.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'erp/odoo-db-0',
  messageGroup: 'fsck-uncorrectable',
  expect: { top: 'filesystem-corruption', ruledOut: ['hairpin-colocation', 'target-not-ready', 'portal-stale'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['master-1', 'worker-1', 'worker-2'] });
    const iqn = 'iqn.1992-08.com.netapp:sn.4082367740';
    const { pv } = c.boundClaim('erp/data-odoo-db-0', { pvName: 'erp-db-lun7', storageClass: null, size: '100Gi', created: '-300d', source: { iscsi: { targetPortal: '10.20.30.40:3260', iqn, lun: 7, fsType: 'ext4' } } });
    c.attachVolume({ pv, node: 'worker-2' });
    const sts = c.statefulSet('erp/odoo-db', { image: 'postgres:12.4', volumes: [pvcVolume('data', 'data-odoo-db-0', '/var/lib/postgresql/data')], node: 'worker-2', podCreated: '-50m', state: waiting('ContainerCreating') });
    scheduled(c, sts.pod, '-50m');
    attached(c, sts.pod, 'erp-db-lun7', '-50m');
    failedMount(c, sts.pod, `MountVolume.MountDevice failed for volume "erp-db-lun7" : 'fsck' found errors on device /dev/disk/by-path/ip-10.20.30.40:3260-iscsi-${iqn}-lun-7 but could not correct them: fsck from util-linux 2.31.1\n/dev/sda contains a file system with errors, check forced.\n/dev/sda: Inode 1310722 has an invalid extent\n\t(logical block 0, invalid physical block 5259296, len 1)\n\n\n/dev/sda: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.\n\t(i.e., without -a or -p options)\n`, { count: 23, first: '-49m', last: '-1m' });
    mountTimeout(c, sts.pod, ['data'], { count: 22, first: '-47m', last: '-3m' });
    return c.objects();
  },
};
