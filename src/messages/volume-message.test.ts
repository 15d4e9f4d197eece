import { describe, expect, it } from 'vitest';
import { parseVolumeMessage } from './volume-message.ts';

// Real kubelet texts (reference §5), including the seed incident's event.
const SEED_ISCSI =
  'MountVolume.WaitForAttach failed for volume "pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd" : failed to get any path for iscsi disk, last err seen:\n' +
  'iscsi: failed to sendtargets to portal 10.152.183.62:3260 output: iscsiadm: Connection to Discovery Address 10.152.183.62 failed\n' +
  'iscsiadm: Login I/O error, failed to receive a PDU\n' +
  'iscsiadm: connection login retries (reopen_max) 5 exceeded\n' +
  'iscsiadm: Could not perform SendTargets discovery: iSCSI PDU timed out\n' +
  ', err exit status 4';

describe('parseVolumeMessage', () => {
  it('reads the operation, volume and iSCSI connection failure of the seed event', () => {
    const p = parseVolumeMessage(SEED_ISCSI);
    expect(p.operation).toBe('MountVolume.WaitForAttach');
    expect(p.outcome).toBe('failed');
    expect(p.volume).toBe('pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd');
    const fact = p.facts.find((f) => f.type === 'iscsi-connection');
    expect(fact).toMatchObject({ portal: '10.152.183.62:3260', exitCode: 4, refused: false });
    expect(fact?.type === 'iscsi-connection' ? fact.signals : []).toContain('iscsiadm: Login I/O error, failed to receive a PDU');
  });

  it('strips the correlator prefix "(combined from similar events): "', () => {
    const p = parseVolumeMessage(`(combined from similar events): ${SEED_ISCSI}`);
    expect(p.operation).toBe('MountVolume.WaitForAttach');
    expect(p.facts.some((f) => f.type === 'iscsi-connection')).toBe(true);
  });

  it('marks refused connections, which point at no listener', () => {
    const p = parseVolumeMessage(
      'MountVolume.WaitForAttach failed for volume "pvc-1" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to sendtargets to portal 10.43.0.9:3260 output: iscsiadm: cannot make connection to 10.43.0.9: Connection refused\niscsiadm: connection login retries (reopen_max) 5 exceeded\niscsiadm: No portals found\n, err exit status 21',
    );
    expect(p.facts.find((f) => f.type === 'iscsi-connection')).toMatchObject({ portal: '10.43.0.9:3260', refused: true, exitCode: 21 });
  });

  it('takes the portal from a by-path device name when no sendtargets line is present', () => {
    const p = parseVolumeMessage('MountVolume.WaitForAttach failed for volume "pvc-2" : Could not attach disk: Timeout after 10s: iscsi login to ip-10.0.0.5:3260-iscsi-iqn.2016-09.com.openebs.jiva:pvc-2-lun-0 failed, exit status 8');
    expect(p.facts.find((f) => f.type === 'iscsi-connection')).toMatchObject({ portal: '10.0.0.5:3260', exitCode: 8 });
  });

  it('does not call non-iSCSI timeouts iSCSI failures', () => {
    const p = parseVolumeMessage('MountVolume.SetUp failed for volume "data" : mount failed: exit status 32\nMounting command: mount\nOutput: mount.nfs: Connection timed out');
    expect(p.facts.some((f) => f.type === 'iscsi-connection')).toBe(false);
    expect(p.facts.find((f) => f.type === 'nfs-connection')).toMatchObject({ signal: 'Connection timed out', refused: false });
  });

  it('reads the current and the older fsck texts', () => {
    const current = parseVolumeMessage(
      "MountVolume.MountDevice failed for volume \"pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd\" : 'fsck' found errors on device /dev/disk/by-path/ip-10.152.183.62:3260-iscsi-iqn.2016-09.com.openebs.jiva:pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd-lun-0 but could not correct them: fsck from util-linux 2.37.2\n/dev/sdb: UNEXPECTED INCONSISTENCY; RUN fsck MANUALLY.",
    );
    expect(current.facts.find((f) => f.type === 'fsck-uncorrectable')).toMatchObject({
      device: '/dev/disk/by-path/ip-10.152.183.62:3260-iscsi-iqn.2016-09.com.openebs.jiva:pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd-lun-0',
    });
    // An fsck message names the portal in its device path; that is not a connection failure.
    expect(current.facts.some((f) => f.type === 'iscsi-connection')).toBe(false);
    const old = parseVolumeMessage("'fsck' found errors on device /dev/sdc but could not correct them: fsck from util-linux 2.31.1.");
    expect(old.facts.find((f) => f.type === 'fsck-uncorrectable')).toMatchObject({ device: '/dev/sdc' });
  });

  it('reads the kernel refusing a corrupted filesystem, and only the corruption-specific texts', () => {
    // util-linux libmount context_mount.c, EBADMSG: https://github.com/util-linux/util-linux/blob/master/libmount/src/context_mount.c
    // as relayed by Longhorn's CSI plugin in https://github.com/longhorn/longhorn/issues/6607
    const gm = '/var/lib/kubelet/plugins/kubernetes.io/csi/driver.longhorn.io/5c0b/globalmount';
    const badMsg = parseVolumeMessage(`MountVolume.MountDevice failed for volume "pvc-1" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t ext4 -o defaults /dev/longhorn/pvc-1 ${gm}\nOutput: mount: ${gm}: cannot mount; probably corrupted filesystem on /dev/longhorn/pvc-1.\n`);
    expect(badMsg.facts.find((f) => f.type === 'filesystem-corrupt')).toEqual({ type: 'filesystem-corrupt', device: '/dev/longhorn/pvc-1', signal: `Output: mount: ${gm}: cannot mount; probably corrupted filesystem on /dev/longhorn/pvc-1.` });
    // EUCLEAN from XFS (e.g. https://lore.kernel.org xfstests generic/047 output): the device comes from mount-utils' arguments line.
    const euclean = parseVolumeMessage(`MountVolume.MountDevice failed for volume "pvc-2" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t xfs -o defaults /dev/longhorn/pvc-2 ${gm}\nOutput: mount: ${gm}: mount(2) system call failed: Structure needs cleaning.`);
    expect(euclean.facts.find((f) => f.type === 'filesystem-corrupt')).toMatchObject({ device: '/dev/longhorn/pvc-2' });
    // EINVAL's text names a bad superblock among other causes (missing helper, bad option): not evidence of corruption.
    const einval = parseVolumeMessage(`MountVolume.MountDevice failed for volume "pvc-3" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t xfs -o defaults /dev/sdb ${gm}\nOutput: mount: ${gm}: wrong fs type, bad option, bad superblock on /dev/sdb, missing codepage or helper program, or other error.`);
    expect(einval.facts.some((f) => f.type === 'filesystem-corrupt')).toBe(false);
  });

  it("reads Longhorn's refusal to mount an RWX volume whose share is not available", () => {
    // https://github.com/longhorn/longhorn/issues/6429 (text from longhorn-manager csi/node_server.go: `volume %s share not yet available`)
    const p = parseVolumeMessage('MountVolume.MountDevice failed for volume "pvc-f872d751-2d4c-4470-b6ed-80a9c9b07214" : rpc error: code = Aborted desc = volume pvc-f872d751-2d4c-4470-b6ed-80a9c9b07214 share not yet available');
    expect(p.facts).toEqual([{ type: 'share-not-available', volume: 'pvc-f872d751-2d4c-4470-b6ed-80a9c9b07214', signal: 'volume pvc-f872d751-2d4c-4470-b6ed-80a9c9b07214 share not yet available' }]);
    expect(p.operation).toBe('MountVolume.MountDevice');
  });

  it("reads cstor-csi's refusal to stage a volume whose replicas have not connected to the target", () => {
    // https://github.com/openebs-archive/cstor-operators/issues/410 (text from openebs/cstor-csi pkg/driver: `Volume is not ready: Replicas yet to connect to controller`)
    const p = parseVolumeMessage('MountVolume.MountDevice failed for volume "pvc-d986559e-6a01-4aa1-93c8-7f06a0d71acd" : rpc error: code = Internal desc = Volume pvc-d986559e-6a01-4aa1-93c8-7f06a0d71acd is not ready: Replicas yet to connect to controller');
    expect(p.facts).toEqual([{ type: 'replicas-not-connected', signal: 'Volume pvc-d986559e-6a01-4aa1-93c8-7f06a0d71acd is not ready: Replicas yet to connect to controller' }]);
    // Older drivers (openebs/csi NodePublishVolume) print it without the volume id.
    const old = parseVolumeMessage('MountVolume.SetUp failed for volume "pvc-1" : rpc error: code = Internal desc = Volume is not ready: Replicas yet to connect to controller');
    expect(old.facts.map((f) => f.type)).toEqual(['replicas-not-connected']);
    // The earlier provisioning stage (`Waiting for CVC to be bound`) says nothing about replicas.
    expect(parseVolumeMessage('MountVolume.MountDevice failed for volume "pvc-1" : rpc error: code = Internal desc = Waiting for CVC to be bound').facts).toEqual([]);
  });

  it('reads every Multi-Attach variant', () => {
    const exclusive = parseVolumeMessage('Multi-Attach error for volume "pvc-9" Volume is already exclusively attached to one node and can\'t be attached to another');
    expect(exclusive.facts[0]).toMatchObject({ type: 'multi-attach', volume: 'pvc-9', exclusivelyAttached: true, usedByPods: [] });
    const used = parseVolumeMessage('Multi-Attach error for volume "pvc-9" Volume is already used by pod(s) web-1, web-2');
    expect(used.facts[0]).toMatchObject({ usedByPods: ['web-1', 'web-2'] });
    const mixed = parseVolumeMessage('Multi-Attach error for volume "pvc-9" Volume is already used by pod(s) web-1 and 2 pod(s) in different namespaces');
    expect(mixed.facts[0]).toMatchObject({ usedByPods: ['web-1'], otherNamespacePods: 2 });
    const others = parseVolumeMessage('Multi-Attach error for volume "pvc-9" Volume is already used by 3 pod(s) in different namespaces');
    expect(others.facts[0]).toMatchObject({ otherNamespacePods: 3 });
    expect(others.mentionedVolumes).toContain('pvc-9');
  });

  it('reads missing Secrets and ConfigMaps', () => {
    const p = parseVolumeMessage('MountVolume.SetUp failed for volume "creds" : secret "db-password" not found');
    expect(p.facts).toContainEqual({ type: 'object-not-found', objectKind: 'Secret', name: 'db-password' });
    const c = parseVolumeMessage('MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found');
    expect(c.facts).toContainEqual({ type: 'object-not-found', objectKind: 'ConfigMap', name: 'app-config' });
  });

  it('reads the FailedMount summary across Kubernetes versions', () => {
    const v117 = parseVolumeMessage('Unable to attach or mount volumes: unmounted volumes=[config], unattached volumes=[config kube-api-access-x2x9z]: timed out waiting for the condition');
    expect(v117.facts[0]).toEqual({ type: 'mount-summary', unmounted: ['config'], unattached: ['config', 'kube-api-access-x2x9z'], failedToProcess: [], cause: 'timed out waiting for the condition' });
    const v128 = parseVolumeMessage('Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[], failed to process volumes=[data]: context deadline exceeded');
    expect(v128.facts[0]).toMatchObject({ unmounted: ['data'], unattached: [], failedToProcess: ['data'], cause: 'context deadline exceeded' });
    const v110 = parseVolumeMessage('Unable to mount volumes for pod "web-0_prod(1f0c)": timeout expired waiting for volumes to attach or mount for pod "prod"/"web-0". list of unmounted volumes=[data]. list of unattached volumes=[data default-token-abcde]');
    expect(v110.facts[0]).toMatchObject({ unmounted: ['data'], unattached: ['data', 'default-token-abcde'] });
  });

  it('recognises successful operations', () => {
    const p = parseVolumeMessage('AttachVolume.Attach succeeded for volume "pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd"');
    expect(p).toMatchObject({ operation: 'AttachVolume.Attach', outcome: 'succeeded', volume: 'pvc-17e6e808-a9fc-4f64-b490-71deffdb81fd', facts: [] });
  });

  it('gives no facts for unrelated messages', () => {
    expect(parseVolumeMessage('Successfully assigned media/sonarr-dd4cb4f69-8kmhv to k8s03').facts).toEqual([]);
    expect(parseVolumeMessage('Back-off restarting failed container').facts).toEqual([]);
  });
});

describe('parseVolumeMessage: CSI-relayed iscsiadm output and read-only devices', () => {
  // democratic-csi relays iscsiadm as JSON {"code","stdout","stderr","timeout"} with escaped newlines
  // (https://github.com/democratic-csi/democratic-csi/issues/227); open-iscsi usr/io.c logs `connect to %s timed out`.
  // Report: https://github.com/democratic-csi/democratic-csi/issues/305 (the portal's network was removed).
  const DEMOCRATIC_TIMEOUT =
    'MountVolume.MountDevice failed for volume "pvc-e23c31ba-17bb-4ed1-bf53-4d6b0c9bed7b" : rpc error: code = Internal desc = {"code":4,"stdout":"","stderr":"' +
    'iscsiadm: connect to 192.168.10.5 timed out\\niscsiadm: connect to 192.168.10.5 timed out\\niscsiadm: connection login retries (reopen_max) 5 exceeded\\n' +
    'iscsiadm: Could not perform SendTargets discovery: encountered connection failure\\n","timeout":false}';

  it('splits JSON-escaped newlines and takes the portal host from "connect to <host> timed out"', () => {
    const fact = parseVolumeMessage(DEMOCRATIC_TIMEOUT).facts.find((f) => f.type === 'iscsi-connection');
    expect(fact).toMatchObject({ portal: '192.168.10.5', refused: false });
    expect(fact?.type === 'iscsi-connection' ? fact.signals : []).toEqual(
      expect.arrayContaining(['iscsiadm: connection login retries (reopen_max) 5 exceeded', 'iscsiadm: Could not perform SendTargets discovery: encountered connection failure']),
    );
  });

  it('takes the portal host from "cannot make connection to <host>: <errno>"', () => {
    // open-iscsi usr/io.c: log_error("cannot make connection to %s: %s", ...).
    const p = parseVolumeMessage('MountVolume.WaitForAttach failed for volume "pvc-1" : failed to get any path for iscsi disk, last err seen:\niscsiadm: cannot make connection to 10.0.0.7: No route to host\n, err exit status 4');
    expect(p.facts.find((f) => f.type === 'iscsi-connection')).toMatchObject({ portal: '10.0.0.7', refused: true });
  });

  it('does not read a SendTargets failure for "invalid parameter" (exit 7) as a connection failure', () => {
    // https://github.com/hpe-storage/csi-driver/issues/235: a local initiator problem, not the network.
    const p = parseVolumeMessage(
      'MountVolume.MountDevice failed for volume "pvc-dcc9100e-5e89-43dc-97a7-1c264344040f" : rpc error: code = Internal desc = Failed to stage volume pvc-dcc9100e-5e89-43dc-97a7-1c264344040f, err: rc=7 err=iscsiadm: Cannot perform discovery. Invalid Initiatorname.\niscsiadm: Could not perform SendTargets discovery: invalid parameter',
    );
    expect(p.facts.map((f) => f.type)).toEqual(['initiator-config']);
  });

  it('reads "is write-protected" from mount as the volume refusing writes', () => {
    // https://github.com/openebs/openebs/issues/2737: the Jiva target serves the LUN read-only without replica quorum.
    const p = parseVolumeMessage(
      'MountVolume.SetUp failed for volume "pvc-a55922ca-4bf0-4606-bd47-be36ab2185ba" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -o remount,bind /var/lib/kubelet/plugins/kubernetes.io/csi/jiva.csi.openebs.io/pvc-a55922ca-4bf0-4606-bd47-be36ab2185ba/globalmount /var/lib/kubelet/pods/0c6b/volumes/kubernetes.io~csi/pvc-a55922ca-4bf0-4606-bd47-be36ab2185ba/mount\nOutput: mount: cannot remount /dev/disk/by-path/ip-10.106.37.44:3260-iscsi-iqn.2016-09.com.openebs.jiva:pvc-a55922ca-4bf0-4606-bd47-be36ab2185ba-lun-0 read-write, is write-protected\n',
    );
    expect(p.facts.find((f) => f.type === 'volume-io-error')).toMatchObject({ signal: 'is write-protected' });
  });
});
