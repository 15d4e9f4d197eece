import { pvcVolume, running, secretVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, custom, failedMount, mountTimeout, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2023-02-19T16:50:00Z';
const NODES = ['k8s1', 'k8s2', 'k8s3', 'k8s4', 'k8s5'];

export const scenario: Scenario = {
  id: 'missing-config-object-hlf-secrets',
  title: 'Hyperledger Fabric toolbox on OpenStack: five Secrets not found, Cinder PVCs bound and attached',
  source: {
    url: 'https://github.com/Substra/hlf-k8s/issues/150',
    summary: 'Some pods started (couchdb, ca), others stayed in ContainerCreating with "MountVolume.SetUp failed for volume \\"ord-tls-rootcert\\" : secret \\"ord-tls-rootcert\\" not found", "… secret \\"hlf-msp-key-user\\" not found", "… secret \\"hlf-cacert\\" not found" …; the reporter first suspected the csi-sc-cinderplugin storage.',
    rootCause: 'The Secrets are created by the chart\'s enrollment jobs; until those jobs run successfully the Secrets do not exist, and every pod mounting them waits — the Cinder volumes were fine.',
    filledIn: 'kubeadm on OpenStack with the Cinder CSI node plugin everywhere; the toolbox pod on k8s5 with its Cinder PVC attached.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'hlf-dev/hlf-hlf-k8s-toolbox-775bd96b6f-xph7m',
  expect: { top: 'missing-config-object', ruledOut: ['csi-node-plugin-missing', 'csi-kubelet-dir-mismatch', 'multi-attach'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'cinder.csi.openstack.org', daemonSet: 'kube-system/csi-cinder-nodeplugin', image: 'registry.k8s.io/provider-os/cinder-csi-plugin:v1.26.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, labels: { app: 'csi-cinder-nodeplugin' } });
    const { pv } = csiClaim(c, 'hlf-dev/hlf-toolbox-data', { driver: 'cinder.csi.openstack.org', storageClass: 'csi-sc-cinderplugin', size: '1Gi', created: '-50m', attributes: {} });
    c.attachVolume({ pv, node: 'k8s5' });
    c.statefulSet('hlf-dev/hlf-couchdb', { image: 'couchdb:3.1.1', node: 'k8s2', podCreated: '-48m', state: running({ since: '-47m' }) });
    const secrets = ['ord-tls-rootcert', 'hlf-msp-key-user', 'hlf-cacert', 'hlf-msp-key-admin', 'hlf-tls-user'];
    const toolbox = c.deployment('hlf-dev/hlf-hlf-k8s-toolbox', {
      templateHash: '775bd96b6f', suffix: 'xph7m', image: 'gcr.io/connect-314908/hlf-k8s:0.2.3',
      volumes: [...secrets.map((s, i) => secretVolume(['ord-tls-rootcert', 'id-key', 'cacert', 'admin-key', 'tls-client'][i] ?? s, s, `/var/hyperledger/${s}`)), pvcVolume('data', 'hlf-toolbox-data', '/data')],
      node: 'k8s5', podCreated: '-48m', state: waiting('ContainerCreating'),
    });
    // Secrets that exist so far (values dropped): the CA's, not the ones the enrollment jobs were to create.
    for (const [name, type] of [['hlf-ca--atlantis', 'Opaque'], ['hlf-couchdb', 'Opaque'], ['sh.helm.release.v1.hlf.v1', 'helm.sh/release.v1']] as const) custom(c, 'v1', 'Secret', `hlf-dev/${name}`, { type }, {}, '-50m');
    scheduled(c, toolbox.pod, '-48m');
    c.event({ on: toolbox.pod, reason: 'SuccessfulAttachVolume', message: `AttachVolume.Attach succeeded for volume "${pv.metadata.name}"`, last: '-48m' });
    ['ord-tls-rootcert', 'id-key', 'cacert', 'admin-key', 'tls-client'].forEach((vol, i) => {
      failedMount(c, toolbox.pod, `MountVolume.SetUp failed for volume "${vol}" : secret "${secrets[i] ?? ''}" not found`, { count: 23, first: '-48m', last: `-${String(1 + i)}m` });
    });
    mountTimeout(c, toolbox.pod, ['ord-tls-rootcert', 'id-key', 'cacert', 'admin-key', 'tls-client'], { count: 21, first: '-46m', last: '-2m' });
    return c.objects();
  },
};
