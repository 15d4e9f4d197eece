import { hostPathVolume, secretVolume, waiting } from '../../support/cluster-builder.ts';
import { baseCluster } from '../base.ts';
import { custom, scheduled } from '../kit.ts';
import type { Scenario } from '../types.ts';

const NOW = '2019-10-30T07:12:00Z';
// kind v0.5 node image: kubeadm-built Kubernetes 1.15.3 on containerd inside a Docker container.
const KIND = { kubeletVersion: 'v1.15.3', containerRuntimeVersion: 'containerd://1.2.6-0ubuntu1', osImage: 'Ubuntu 19.04', kernelVersion: '4.15.0-66-generic', roles: ['master'] };
const POD = 'singlecluster-parallel-555v9-414213271';
const POD_UID = 'a45b67f3-a465-4b0f-821c-d72e64db0536';

export const scenario: Scenario = {
  id: 'unknown-hostpath-type-check-kind-docker-socket',
  title: 'Argo workflow step on kind: "hostPath type check failed: /var/lib/docker is not a directory" and "/var/run/docker.sock is not a socket file" (1.15 timeout wording); no in-cluster storage involved',
  source: {
    url: 'https://github.com/kubernetes-sigs/kind/issues/1002',
    summary: '"MountVolume.SetUp failed for volume \\"docker-lib\\" : hostPath type check failed: /var/lib/docker is not a directory", "MountVolume.SetUp failed for volume \\"docker-sock\\" : hostPath type check failed: /var/run/docker.sock is not a socket file", then "Unable to mount volumes for pod \\"singlecluster-parallel-555v9-414213271_default(a45b67f3-…)\\": timeout expired waiting for volumes to attach or mount for pod … list of unmounted volumes=[docker-lib docker-sock]".',
    rootCause: 'kind nodes run containerd, not Docker: there is no /var/lib/docker directory nor /var/run/docker.sock socket on the node, so the Argo docker executor\'s typed hostPath volumes fail their type check. Nothing in the catalog (iSCSI/NFS/CSI, config objects, CNI, images) is the cause; the right answer is `unknown` with the hostPath failure shown, not a storage hypothesis.',
    filledIn: 'A single kind control-plane node (kind v0.5, Kubernetes 1.15.3, containerd); the Argo workflow pod with its wait/main containers, downward-API podmetadata volume and legacy service-account token Secret; event counts as in the report.',
  },
  distribution: 'kubeadm',
  now: NOW,
  pod: `default/${POD}`,
  expect: { top: 'unknown', ruledOut: ['mount-helper-missing', 'missing-config-object', 'kubelet-volume-stall', 'csi-node-plugin-missing', 'sandbox-failure'] },
  build() {
    const c = baseCluster('kubeadm', NOW, { nodes: ['kind1-control-plane'], epoch: '-1d', nodeOptions: { 'kind1-control-plane': KIND } });
    custom(c, 'v1', 'Secret', 'default/argo-workflow-token-wjcnk', { type: 'kubernetes.io/service-account-token' }, { annotations: { 'kubernetes.io/service-account.name': 'argo-workflow' } }, '-1h');
    const pod = c.pod(`default/${POD}`, {
      uid: POD_UID, serviceAccountName: 'argo-workflow', automountServiceAccountToken: false,
      labels: { 'workflows.argoproj.io/completed': 'false', 'workflows.argoproj.io/workflow': 'singlecluster-parallel-555v9' },
      annotations: { 'workflows.argoproj.io/node-name': 'singlecluster-parallel-555v9[0].deploy' },
      containers: [
        { name: 'wait', image: 'argoproj/argoexec:v2.4.1', command: ['argoexec', 'wait'], volumeMounts: [{ name: 'podmetadata', mountPath: '/argo/podmetadata' }, { name: 'docker-lib', mountPath: '/var/lib/docker', readOnly: true }, { name: 'docker-sock', mountPath: '/var/run/docker.sock', readOnly: true }, { name: 'argo-workflow-token-wjcnk', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] },
        { name: 'main', image: 'alpine:3.10', command: ['sh', '-c'], args: ['./deploy.sh'], volumeMounts: [{ name: 'argo-workflow-token-wjcnk', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] },
      ],
      volumes: [
        { name: 'podmetadata', source: { downwardAPI: { defaultMode: 420, items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' }, path: 'annotations' }] } } },
        hostPathVolume('docker-lib', '/var/lib/docker', { type: 'Directory' }),
        hostPathVolume('docker-sock', '/var/run/docker.sock', { type: 'Socket' }),
        secretVolume('argo-workflow-token-wjcnk', 'argo-workflow-token-wjcnk'),
      ],
      node: 'kind1-control-plane', created: '-3m6s', state: waiting('ContainerCreating'), ip: null,
    });
    scheduled(c, pod, '-3m6s');
    c.event({ on: pod, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "docker-lib" : hostPath type check failed: /var/lib/docker is not a directory', count: 9, first: '-3m5s', last: '-58s' });
    c.event({ on: pod, reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "docker-sock" : hostPath type check failed: /var/run/docker.sock is not a socket file', count: 9, first: '-3m5s', last: '-58s' });
    c.event({ on: pod, reason: 'FailedMount', message: `Unable to mount volumes for pod "${POD}_default(${POD_UID})": timeout expired waiting for volumes to attach or mount for pod "default"/"${POD}". list of unmounted volumes=[docker-lib docker-sock]. list of unattached volumes=[podmetadata docker-lib docker-sock argo-workflow-token-wjcnk]`, count: 1, first: '-63s', last: '-63s' });
    return c.objects();
  },
};
