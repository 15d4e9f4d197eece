import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { connectionRefused, csiDriver, csiIscsiFailure, failedMount, jivaCsiVolume, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-05-16T10:21:30Z';
const NODES = ['node1', 'node2', 'node3'];

export const scenario: Scenario = {
  id: 'target-not-ready-jiva-csi-refused',
  title: 'Jiva CSI volume used before its controller is up: "Connection refused" on the portal',
  source: {
    url: 'https://github.com/openebs/openebs/issues/3395',
    summary: 'On startup the pod emitted "MountVolume.MountDevice failed for volume \\"pvc-839ce3ed-…\\" : rpc error: code = Internal desc = failed to find device path: [], last error seen: failed to sendtargets to portal 10.233.9.161:3260, err: iscsiadm error: iscsiadm: cannot make connection to 10.233.9.161: Connection refused … (exit status 11)", then it worked.',
    rootCause: 'Titled "Jiva PV is marked as created before the volume is fully initialized": the PV is bound while the Jiva controller pod is still starting, so the Service has no ready endpoint and the portal refuses connections; maintainers proposed waiting for volume readiness before creating the PV.',
    filledIn: 'kubespray-style kubeadm cluster (10.233.0.0/18 services in the report; our service CIDR differs), controller pod started 40s ago and not yet Ready, three replicas Running.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'apps/postgres-5c7b8d9f6-r8vzl',
  messageGroup: 'iscsi-connection-refused',
  expect: { top: 'target-not-ready', ruledOut: ['hairpin-colocation', 'portal-stale', 'replica-quorum-lost'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'jiva.csi.openebs.io', daemonSet: 'openebs/openebs-jiva-csi-node', image: 'openebs/jiva-csi:2.9.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false });
    const vol = jivaCsiVolume(c, { claim: 'apps/postgres-data', controllerNode: 'node3', replicaNodes: ['node1', 'node2', 'node3'], created: '-3m', controllerCreated: '-2m50s', controllerState: running({ ready: false, since: '-40s' }), version: '2.9.0' });
    const app = c.deployment('apps/postgres', {
      templateHash: '5c7b8d9f6', suffix: 'r8vzl', image: 'postgres:13.3', volumes: [pvcVolume('data', 'postgres-data', '/var/lib/postgresql/data')],
      node: 'node1', podCreated: '-2m40s', state: waiting('ContainerCreating'),
    });
    scheduled(c, app.pod, '-2m40s');
    const host = vol.clusterIP;
    failedMount(c, app.pod, csiIscsiFailure(vol.pvName, vol.portal, connectionRefused(host).replace('encountered connection failure', 'iSCSI PDU timed out'), 11), { count: 5, first: '-2m30s', last: '-20s' });
    return c.objects();
  },
};
