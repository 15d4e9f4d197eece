import { describe, expect, it } from 'vitest';
import { parsePodStartMessage } from './pod-start-message.ts';
import { parseVolumeMessage } from './volume-message.ts';

// Every string below is quoted from a public report; the URL is beside it.
describe('parsePodStartMessage', () => {
  it('reads mount.nfs name-resolution failures, including a name wrapped across lines', () => {
    // https://github.com/kubernetes/examples/issues/418
    const svc =
      'MountVolume.SetUp failed for volume "nfs" : mount failed: exit status 32 Mounting command: mount\nMounting arguments: -t nfs nfs-server.default.svc.cluster.local:/ /var/lib/kubelet/pods/5f4d4cce-ab59-44cb-9311-ef5fef696902/volumes/kubernetes.io~nfs/nfs\nOutput: mount.nfs: Failed to resolve server nfs-server.default.svc.cluster.local: Name or service not known';
    expect(parsePodStartMessage(svc)).toContainEqual({ type: 'nfs-resolve-failed', server: 'nfs-server.default.svc.cluster.local' });
    // https://github.com/2i2c-org/infrastructure/pull/3141 (GKE containerized mounter; the text wraps)
    const wrapped =
      'MountVolume.SetUp failed for volume "prod-home-nfs" : mount failed: exit status 1\nMounting command: /home/kubernetes/containerized_mounter/mounter\nMounting arguments: mount -t nfs -o noresvport,retrans=2,rsize=1048576,soft,timeo=600,wsize=1048576 nfs-server-01:/export/home-01/homes/prod /var/lib/kubelet/pods/d9d6a9ac-3194-4226-b5f0-135419bd6225/volumes/kubernetes.io~nfs/prod-home-nfs\nOutput: Mount failed: mount failed: exit status 32\nMounting command: chroot\nMounting arguments: [/home/kubernetes/containerized_mounter/rootfs mount -t nfs -o noresvport,retrans=2,rsize=1048576,soft,timeo=600,wsize=1048576 nfs-server-01:/export/home-01/homes/prod /var/lib/kubelet/pods/d9d6a9ac-3194-4226-b5f0-135419bd6225/volumes/kubernetes.io~nfs/prod-home-nfs]\nOutput: mount.nfs: Failed to resolve server nfs-server-01: Name or\nservice not known';
    expect(parsePodStartMessage(wrapped)).toContainEqual({ type: 'nfs-resolve-failed', server: 'nfs-server-01' });
    // Not a connection failure: the NFS connection parser must not claim it.
    expect(parseVolumeMessage(svc).facts.some((f) => f.type === 'nfs-connection')).toBe(false);
  });

  it('reads mount.nfs access denied', () => {
    // https://github.com/kubernetes/kubernetes/issues/108963
    const m =
      'MountVolume.SetUp failed for volume "pv01" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs 192.168.43.16:/nfs_share /var/lib/kubelet/pods/c9c0e520-2c9c-4970-b41e-90d4d6d38ead/volumes/kubernetes.io~nfs/pv01\nOutput: mount.nfs: access denied by server while mounting 192.168.43.16:/nfs_share';
    expect(parsePodStartMessage(m)).toContainEqual({ type: 'nfs-access-denied', server: '192.168.43.16', export: '/nfs_share' });
    expect(parseVolumeMessage(m).facts.some((f) => f.type === 'nfs-connection')).toBe(false);
  });

  it('reads FailedScheduling summaries across versions', () => {
    // https://github.com/kubernetes/kubernetes/issues/108096 (1.23)
    expect(parsePodStartMessage('0/1 nodes are available: 1 node(s) had volume node affinity conflict.')).toContainEqual(
      expect.objectContaining({ type: 'scheduling-failed', nodesAvailable: 0, nodesTotal: 1, volumeNodeAffinityConflict: 1, reasons: [{ count: 1, reason: 'node(s) had volume node affinity conflict' }] }),
    );
    // https://github.com/radondb/radondb-mysql-kubernetes/issues/395 (older taint wording)
    const taint = parsePodStartMessage("0/3 nodes are available: 1 node(s) had taint {node-role.kubernetes.io/master: }, that the pod didn't tolerate, 2 node(s) had volume node affinity conflict.")[0];
    expect(taint).toMatchObject({ volumeNodeAffinityConflict: 2 });
    expect(taint?.type === 'scheduling-failed' ? taint.reasons.map((r) => r.count) : []).toEqual([1, 2]);
    // https://github.com/yugabyte/yugabyte-db/pull/20349 (1.24+: the preemption suffix)
    const pre = parsePodStartMessage("0/10 nodes are available: 3 node(s) had volume node affinity conflict, 7 node(s) didn't match Pod's node affinity/selector. preemption: 0/10 nodes are available: 10 Preemption is not helpful for scheduling..")[0];
    expect(pre).toMatchObject({ nodesTotal: 10, volumeNodeAffinityConflict: 3 });
    expect(pre?.type === 'scheduling-failed' ? pre.reasons : []).toHaveLength(2);
    // https://github.com/hystax/optscale/issues/568 (untolerated taint wording)
    expect(parsePodStartMessage('0/1 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/unreachable: }. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.')[0]).toMatchObject({
      volumeNodeAffinityConflict: 0,
      reasons: [{ count: 1, reason: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }' }],
    });
  });

  it('reads unbound immediate claims, with and without the node count', () => {
    // https://github.com/radondb/radondb-mysql-kubernetes/issues/524
    expect(parsePodStartMessage('0/3 nodes are available: 3 pod has unbound immediate PersistentVolumeClaims. preemption: 0/3 nodes are available: 3 Preemption is not helpful for scheduling.')[0]).toMatchObject({ unboundImmediateClaims: true, nodesTotal: 3 });
    // https://github.com/bitnami/charts/issues/1169 (older scheduler)
    expect(parsePodStartMessage('pod has unbound immediate PersistentVolumeClaims')[0]).toMatchObject({ type: 'scheduling-failed', unboundImmediateClaims: true });
    // https://github.com/minio/directpv/issues/100
    expect(parsePodStartMessage('0/4 nodes are available: 4 pod has unbound immediate PersistentVolumeClaims.')[0]).toMatchObject({ unboundImmediateClaims: true, volumeNodeAffinityConflict: 0 });
  });

  it('reads WaitForFirstConsumer claims with no volume to bind', () => {
    // https://github.com/Oteemo/charts/issues/122
    expect(parsePodStartMessage("0/2 nodes are available: 2 node(s) didn't find available persistent volumes to bind.")[0]).toMatchObject({ noAvailableVolumes: true, unboundImmediateClaims: false });
    // https://github.com/kubernetes-sigs/sig-storage-local-static-provisioner/issues/424
    expect(parsePodStartMessage("0/1 nodes are available: 1 node(s) didn't find available persistent volumes to bind. preemption: 0/1 nodes are available: 1 Preemption is not helpful for scheduling.")[0]).toMatchObject({ noAvailableVolumes: true, nodesTotal: 1 });
  });

  it('reads ProvisioningFailed: a missing class and a failing provisioner', () => {
    // https://github.com/rook/rook/issues/6795
    expect(parsePodStartMessage('storageclass.storage.k8s.io "rook-cephfs" not found', 'ProvisioningFailed')).toContainEqual({ type: 'provisioning-failed', storageClass: 'rook-cephfs', storageClassNotFound: true, cause: 'storageclass.storage.k8s.io "rook-cephfs" not found' });
    // https://github.com/openebs/openebs/issues/3668
    expect(parsePodStartMessage('failed to provision volume with StorageClass "openebs-lvmpv": rpc error: code = DeadlineExceeded desc = context deadline exceeded', 'ProvisioningFailed')).toContainEqual({
      type: 'provisioning-failed',
      storageClass: 'openebs-lvmpv',
      storageClassNotFound: false,
      cause: 'rpc error: code = DeadlineExceeded desc = context deadline exceeded',
    });
  });

  it('reads FailedCreatePodSandBox and names the CNI cause', () => {
    // https://github.com/projectcalico/calico/issues/9215
    expect(parsePodStartMessage('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "b6385006e8b3eedeaa1fd60e3e69afc9fb758a27666c93708a9211b3c988ab34": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized')[0]).toMatchObject({
      type: 'sandbox-failed',
      plugin: 'calico',
      cause: 'cni-unauthorized',
      detail: 'error getting ClusterInformation: connection is unauthorized: Unauthorized',
    });
    // https://github.com/easzlab/kubeasz/issues/1332 (short form)
    expect(parsePodStartMessage('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "20d3feb0e9ed29a754fb921b8ae728d4b2d6035d2add28d7e1d4b1f7ce08be10": plugin type="calico" failed (add): Unauthorized')[0]).toMatchObject({ cause: 'cni-unauthorized' });
    // https://github.com/canonical/microk8s/issues/1147
    expect(parsePodStartMessage('(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9a1b3fd9596e428093232c054a1ac7fac47a57c87f5c46dd80dde72e5bbea132": failed to allocate for range 0: no IP addresses available in range set: 10.1.56.1-10.1.56.254')[0]).toMatchObject({ cause: 'ip-exhausted' });
    // https://github.com/kata-containers/tests/issues/5400
    expect(parsePodStartMessage('Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "ed1acb1e2ecfbc96a98c38ca97aec6cb4aaab94fa8720fd42ea9b001c9d13a9a": plugin type="flannel" failed (add): failed to find plugin "flannel" in path [/opt/cni/bin]')[0]).toMatchObject({
      plugin: 'flannel',
      cause: 'cni-plugin-missing',
      detail: 'failed to find plugin "flannel" in path [/opt/cni/bin]',
    });
    // https://github.com/kubernetes/kubernetes/issues/65526 (dockershim era, "Failed create pod sandbox")
    expect(parsePodStartMessage('Failed create pod sandbox: rpc error: code = Unknown desc = NetworkPlugin cni failed to set up pod "podtest_default" network: open /run/flannel/subnet.env: no such file or directory')[0]).toMatchObject({ cause: 'cni-not-ready' });
  });

  it('reads image pull failures', () => {
    // https://github.com/cloudnative-pg/cloudnative-pg/issues/2265
    expect(
      parsePodStartMessage('Failed to pull image "ghcr.io/cloudnative-pg/cloudnative-pg:1.20.1": rpc error: code = NotFound desc = failed to pull and unpack image "ghcr.io/cloudnative-pg/cloudnative-pg:1.20.1": failed to copy: httpReadSeeker: failed open: content at https://ghcr.io/v2/cloudnative-pg/cloudnative-pg/manifests/sha256:827429f73ca03211c631aba2c1b0c417a0e57b7b4dbf3c54689c8a9eee5558e9 not found: not found')[0],
    ).toMatchObject({ type: 'image-pull-failed', image: 'ghcr.io/cloudnative-pg/cloudnative-pg:1.20.1', cause: 'not-found' });
    // https://github.com/komari-monitor/komari/issues/326
    expect(parsePodStartMessage('Back-off pulling image "ghcr.io/komari-monitor/komari:1.0.0"')[0]).toMatchObject({ image: 'ghcr.io/komari-monitor/komari:1.0.0', cause: 'back-off' });
  });

  it('gives nothing for unrelated messages', () => {
    expect(parsePodStartMessage('MountVolume.SetUp failed for volume "creds" : secret "db" not found')).toEqual([]);
    expect(parsePodStartMessage('Successfully assigned media/app to k8s03')).toEqual([]);
  });
});
