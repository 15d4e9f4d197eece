import { pvcVolume, running, waiting } from '../../support/cluster-builder.ts';
import { baseCluster, kubeletDir } from '../base.ts';
import { csiClaim, csiDriver, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2021-04-22T08:10:00Z';
const NODES = ['k8s-master', 'k8s-worker-1', 'k8s-worker-2', 'k8s-worker-3'];

export const scenario: Scenario = {
  id: 'kubelet-volume-stall-no-events',
  title: 'GitLab runner pod scheduled 40 minutes ago, no volume event at all, node Ready: kubelet is wedged',
  source: {
    url: 'https://github.com/kubernetes/kubelet/issues/26',
    summary: '"Pod stuck at every steps of deployment - need to restart kubelet": a runner pod assigned to a node gets stuck; "We checked the kubelet logs on the node and found nothing special. Even kubectl get events on master returns nothing." Restarting kubelet moved it on.',
    rootCause: 'The kubelet\'s pod workers / volume manager on that node stopped making progress while the node still reported Ready; nothing in the cluster objects explains the wait, and `systemctl restart kubelet` unsticks it.',
    filledIn: 'kubeadm 1.18-era cluster modelled with current versions; a bound csi-driver-nfs PVC; the only event for the pod is Scheduled; other pods on the node Running.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: 'gitlab-runner/runner-zx9k2-project-42-concurrent-0',
  expect: { top: 'kubelet-volume-stall', ruledOut: ['node-not-ready', 'csi-node-plugin-missing', 'csi-kubelet-dir-mismatch', 'pvc-not-bound'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: NODES });
    csiDriver(c, { driver: 'nfs.csi.k8s.io', daemonSet: 'kube-system/csi-nfs-node', image: 'registry.k8s.io/sig-storage/nfsplugin:v4.6.0', kubeletDir: kubeletDir('kubeadm'), pluginNodes: NODES, allNodes: NODES, attachRequired: false, labels: { app: 'csi-nfs-node' } });
    csiClaim(c, 'gitlab-runner/runner-cache', { driver: 'nfs.csi.k8s.io', storageClass: 'nfs-csi', size: '20Gi', accessModes: ['ReadWriteMany'], fsType: '', created: '-60d', attributes: { server: '10.10.0.5', share: '/export/gitlab', subdir: 'runner-cache' } });
    const pod = c.pod('gitlab-runner/runner-zx9k2-project-42-concurrent-0', {
      labels: { pod: 'runner-zx9k2-project-42-concurrent-0' }, image: 'registry.gitlab.com/gitlab-org/gitlab-runner/gitlab-runner-helper:x86_64-v13.10.0',
      volumes: [pvcVolume('cache', 'runner-cache', '/cache')], node: 'k8s-worker-2', created: '-41m', state: waiting('ContainerCreating'),
    });
    scheduled(c, pod, '-41m');
    c.deployment('gitlab-runner/gitlab-runner', { image: 'gitlab/gitlab-runner:v13.10.0', node: 'k8s-worker-2', podCreated: '-20d', state: running({ since: '-20d' }) });
    return c.objects();
  },
};
