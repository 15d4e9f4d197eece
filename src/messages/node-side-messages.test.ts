import { describe, expect, it } from 'vitest';
import { parseVolumeMessage } from './volume-message.ts';

function factsOf(message: string) {
  return parseVolumeMessage(message).facts;
}

describe('node-side message facts', () => {
  it('reads an unnamed missing executable on in-tree iSCSI WaitForAttach (Talos slim kubelet)', () => {
    // https://github.com/siderolabs/extensions/issues/490
    const p = parseVolumeMessage('MountVolume.WaitForAttach failed for volume "postgres-data-pv" : executable file not found in $PATH');
    expect(p.operation).toBe('MountVolume.WaitForAttach');
    expect(p.facts).toEqual([{ type: 'missing-executable', role: 'unknown', fromCsiDriver: false, ambiguous: false, signal: 'MountVolume.WaitForAttach failed for volume "postgres-data-pv" : executable file not found in $PATH' }]);
  });

  it('reads the 2017 in-tree SetUp form of the same failure', () => {
    // https://github.com/kubernetes/kubernetes/issues/40789
    const facts = factsOf('MountVolume.SetUp failed for volume "kubernetes.io/iscsi/7cc1a7a1-e846-11e6-a16d-d675df4ae540-iscsipd-ro" (spec.Name: "iscsipd-ro") pod "7cc1a7a1-e846-11e6-a16d-d675df4ae540" (UID: "7cc1a7a1-e846-11e6-a16d-d675df4ae540") with: executable file not found in $PATH');
    expect(facts[0]).toMatchObject({ type: 'missing-executable', role: 'unknown' });
  });

  it('names the binary when Go exec does', () => {
    const facts = factsOf('MountVolume.WaitForAttach failed for volume "pvc-1" : exec: "iscsiadm": executable file not found in $PATH');
    expect(facts[0]).toMatchObject({ type: 'missing-executable', binary: 'iscsiadm', role: 'iscsi-initiator', fromCsiDriver: false });
  });

  it('reads a CSI format failure as a missing mkfs in the node plugin', () => {
    // https://github.com/kubernetes-csi/csi-driver-iscsi/issues/93
    const facts = factsOf(
      'MountVolume.SetUp failed for volume "iscsiplugin-pv" : rpc error: code = Internal desc = format of disk "/dev/sdb" failed: type:("ext4") target:("/var/lib/kubelet/pods/3c4c4497-2867-42bc-917a-1041fa5dfc09/volumes/kubernetes.io~csi/iscsiplugin-pv/mount") options:("rw,defaults") errcode:(executable file not found in $PATH) output:()',
    );
    expect(facts[0]).toMatchObject({ type: 'missing-executable', binary: 'mkfs.ext4', role: 'mkfs', fromCsiDriver: true });
  });

  it('reads the mount helper hint, which a bad option also produces', () => {
    // https://github.com/longhorn/longhorn/issues/1799
    const facts = factsOf(
      'MountVolume.SetUp failed for volume "pvc-b3f8d754-bdee-4409-96b7-77daec7d22d0" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs 10.43.72.19:/pvc-b3f8d754-bdee-4409-96b7-77daec7d22d0 /var/lib/kubelet/pods/ee57885a-0cc8-4c87-aef2-668b82fb388d/volumes/kubernetes.io~nfs/pvc-b3f8d754-bdee-4409-96b7-77daec7d22d0\nOutput: mount: /var/lib/kubelet/pods/ee57885a-0cc8-4c87-aef2-668b82fb388d/volumes/kubernetes.io~nfs/pvc-b3f8d754-bdee-4409-96b7-77daec7d22d0: bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program.',
    );
    expect(facts.find((f) => f.type === 'missing-executable')).toMatchObject({ binary: 'mount.nfs', role: 'mount-helper', ambiguous: true });
  });

  it('reads the older util-linux helper wording', () => {
    // https://github.com/kubernetes/kubernetes/issues/30310
    const facts = factsOf(
      'MountVolume.SetUp failed for volume "nfs" : mount failed: exit status 32\nMounting arguments: -t nfs 10.0.0.5:/exports /var/lib/kubelet/pods/x/volumes/kubernetes.io~nfs/nfs\nOutput: mount: wrong fs type, bad option, bad superblock on 10.0.0.5:/exports,\n       missing codepage or helper program, or other error\n       (for several filesystems (e.g. nfs, cifs) you might\n       need a /sbin/mount.<type> helper program)',
    );
    expect(facts.find((f) => f.type === 'missing-executable')).toMatchObject({ binary: 'mount.nfs', role: 'mount-helper', ambiguous: true });
  });

  it('reads iscsid not running, and does not call it a connection failure to the target', () => {
    // A public RHCOS write-up (iscsid disabled by default), found by code search; open-iscsi usr/iscsid_req.c: "can not connect to iSCSI daemon (%d)!"
    const p = parseVolumeMessage(
      'MountVolume.SetUp failed for volume "pvc-a139d12a-036a-490c-bc2d-214e8da078e3" : rpc error: code = Internal desc = iscsi/lvm failure, last err seen: iscsi: failed to sendtargets to portal 192.168.42.58:3260 output: Failed to connect to bus: No data available iscsiadm: can not connect to iSCSI daemon (111)! iscsiadm: Cannot perform discovery. Initiatorname required. iscsiadm: Could not perform SendTargets discovery: could not connect to iscsid , err exit status 20',
    );
    expect(p.facts.find((f) => f.type === 'iscsid-unreachable')).toMatchObject({ mode: 'not-connected' });
    expect(p.facts.some((f) => f.type === 'iscsi-connection')).toBe(false);
    expect(p.facts.some((f) => f.type === 'initiator-config')).toBe(true);
  });

  it('reads a broken iscsiadm/iscsid exchange (error 18)', () => {
    // https://github.com/k3s-io/k3s/issues/11708
    const facts = factsOf(
      'MountVolume.WaitForAttach failed for volume "iscsipd-rw" : failed to get any path for iscsi disk, last err seen:\niscsi: failed to attach disk: Error: iscsiadm: read error (0/2), daemon died?\niscsiadm: Could not login to [iface: default, target: iqn.2004-04.com.qnap:ts-420:iscsi.mariadb.d8e754, portal: 192.168.40.6,3260].\niscsiadm: initiator reported error (18 - could not communicate to iscsid)\niscsiadm: Could not log into all portals\nLogging in to [iface: default, target: iqn.2004-04.com.qnap:ts-420:iscsi.mariadb.d8e754, portal: 192.168.40.6,3260]',
    );
    expect(facts.find((f) => f.type === 'iscsid-unreachable')).toMatchObject({ mode: 'communication-lost' });
  });

  it('reads "Invalid Initiatorname" (iscsid without a valid /etc/iscsi/initiatorname.iscsi) as an initiator configuration problem', () => {
    // https://github.com/hpe-storage/csi-driver/issues/235 and https://github.com/longhorn/longhorn/issues/2319
    const facts = factsOf('MountVolume.MountDevice failed for volume "pvc-dcc9100e-5e89-43dc-97a7-1c264344040f" : rpc error: code = Internal desc = Failed to stage volume pvc-dcc9100e-5e89-43dc-97a7-1c264344040f, err: rc=7 err=iscsiadm: Cannot perform discovery. Invalid Initiatorname.\niscsiadm: Could not perform SendTargets discovery: invalid parameter');
    expect(facts.find((f) => f.type === 'initiator-config')).toMatchObject({ signal: 'iscsiadm: Cannot perform discovery. Invalid Initiatorname.' });
  });

  it('reads an iface record that does not exist as an initiator configuration problem', () => {
    // iscsiadm output as quoted in a public iSCSI setup note (code search); open-iscsi usr/idbm.c logs "Could not read iface info for %s."
    const facts = factsOf('MountVolume.WaitForAttach failed for volume "data" : iscsi: failed to sendtargets to portal 10.1.2.1:3260 output: iscsiadm: Could not read iface info for 10.1.2.2. Make sure a iface config with the file name and iface.iscsi_ifacename 10.1.2.2 is in /var/lib/iscsi/ifaces.\n, err exit status 6');
    expect(facts.find((f) => f.type === 'initiator-config')).toMatchObject({ signal: expect.stringContaining('Could not read iface info for 10.1.2.2') as unknown });
  });

  it('reads a device that is already mounted or busy (multipathd holding a Longhorn device)', () => {
    // https://github.com/longhorn/longhorn/issues/1819
    const facts = factsOf(
      'MountVolume.MountDevice failed for volume "pvc-8ffdf006-f66c-4b1e-8c52-bc3641a3d96c" : rpc error: code = Internal desc = mount failed: exit status 32 Mounting command: mount Mounting arguments: -t ext4 -o defaults /dev/longhorn/pvc-8ffdf006-f66c-4b1e-8c52-bc3641a3d96c /var/lib/kubelet/plugins/kubernetes.io/csi/pv/pvc-8ffdf006-f66c-4b1e-8c52-bc3641a3d96c/globalmount Output: mount: /var/lib/kubelet/plugins/kubernetes.io/csi/pv/pvc-8ffdf006-f66c-4b1e-8c52-bc3641a3d96c/globalmount: /dev/longhorn/pvc-8ffdf006-f66c-4b1e-8c52-bc3641a3d96c already mounted or mount point busy.',
    );
    expect(facts.find((f) => f.type === 'device-busy')).toMatchObject({ device: '/dev/longhorn/pvc-8ffdf006-f66c-4b1e-8c52-bc3641a3d96c' });
  });

  it('reads an unregistered CSI driver in MountDevice and SetUp forms', () => {
    // https://github.com/rook/rook/issues/8791
    expect(factsOf('MountVolume.MountDevice failed for volume "pvc-1" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name rook-ceph.rbd.csi.ceph.com not found in the list of registered CSI drivers')).toContainEqual({
      type: 'csi-driver-not-registered',
      driver: 'rook-ceph.rbd.csi.ceph.com',
    });
    // https://github.com/Azure/secrets-store-csi-driver-provider-azure/issues/101
    expect(factsOf('MountVolume.SetUp failed for volume "secrets-store-inline" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name secrets-store.csi.k8s.io not found in the list of registered CSI drivers')).toContainEqual({
      type: 'csi-driver-not-registered',
      driver: 'secrets-store.csi.k8s.io',
    });
  });

  it('reads external-attacher\'s "CSINode … does not contain driver" as an unregistered driver, beside the attach failure', () => {
    // https://github.com/longhorn/longhorn/issues/2580 (kubernetes-csi/external-attacher pkg/controller/csi_handler.go getNodeID: "CSINode %s does not contain driver %s")
    const facts = factsOf('AttachVolume.Attach failed for volume "volume-name" : CSINode node-name does not contain driver driver.longhorn.io');
    expect(facts).toContainEqual({ type: 'csi-driver-not-registered', driver: 'driver.longhorn.io' });
    expect(facts.some((f) => f.type === 'attach-failed')).toBe(true);
  });

  it('reads older external-attachers\' "cannot find NodeID for driver" (node annotation lookup) as an unregistered driver', () => {
    // https://github.com/longhorn/longhorn/issues/1051 (external-attacher pkg/controller/util.go GetNodeIDFromNode: "cannot find NodeID for driver %q for node %q")
    const facts = factsOf('AttachVolume.Attach failed for volume "pvc-147b6ce5-4d4f-11ea-b140-f8db88fd96bc" : cannot find NodeID for driver "driver.longhorn.io" for node "10.0.0.87"');
    expect(facts).toContainEqual({ type: 'csi-driver-not-registered', driver: 'driver.longhorn.io' });
  });

  it('does not read an attach failure that names the driver for another reason as unregistered', () => {
    // https://github.com/minio/directpv/issues/701
    const facts = factsOf('AttachVolume.Attach failed for volume "pvc-1e5f38a8-4737-47d7-96e6-e218c374e833" : timed out waiting for external-attacher of direct-csi-min-io CSI driver to attach volume pvc-1e5f38a8-4737-47d7-96e6-e218c374e833');
    expect(facts.some((f) => f.type === 'csi-driver-not-registered')).toBe(false);
  });

  it('reads the Jiva and cStor staging refusals', () => {
    // https://github.com/openebs/openebs/issues/3632 and openebs-archive/jiva-operator pkg/driver/node.go
    const jiva = factsOf(
      'MountVolume.MountDevice failed for volume "pvc-746b2837-ca3c-4b95-9168-7b767573f799" : rpc error: code = FailedPrecondition desc = volume {pvc-746b2837-ca3c-4b95-9168-7b767573f799} is already mounted at more than one place: {{/var/snap/microk8s/common/var/lib/kubelet/plugins/kubernetes.io/csi/jiva.csi.openebs.io/0f4d/globalmount  ext4 /dev/disk/by-path/ip-10.152.183.209:3260-iscsi-iqn.2016-09.com.openebs.jiva:pvc-746b2837-ca3c-4b95-9168-7b767573f799-lun-0}}',
    );
    expect(jiva.find((f) => f.type === 'attachment-conflict')).toMatchObject({ engine: 'jiva' });
    expect(jiva.some((f) => f.type === 'iscsi-connection')).toBe(false);
    // https://github.com/openebs-archive/cstor-csi/pull/157 (pkg/driver/node_utils.go: "Volume %s still mounted on node %s")
    const cstor = factsOf('MountVolume.MountDevice failed for volume "pvc-902f9b08-b5d2-4f22-81c3-d580f5087642" : rpc error: code = Internal desc = Volume pvc-902f9b08-b5d2-4f22-81c3-d580f5087642 still mounted on node centos-worker-1');
    expect(cstor.find((f) => f.type === 'attachment-conflict')).toMatchObject({ engine: 'cstor', node: 'centos-worker-1' });
    const older = factsOf('MountVolume.MountDevice failed for volume "pvc-9" : rpc error: code = Internal desc = Volume pvc-9 still mounted on node: k8s02');
    expect(older.find((f) => f.type === 'attachment-conflict')).toMatchObject({ node: 'k8s02' });
  });

  it('reads CSI attach failures but not Multi-Attach errors as attach-failed', () => {
    // https://github.com/minio/directpv/issues/701
    const timeout = factsOf('AttachVolume.Attach failed for volume "pvc-1e5f38a8-4737-47d7-96e6-e218c374e833" : timed out waiting for external-attacher of direct-csi-min-io CSI driver to attach volume pvc-1e5f38a8-4737-47d7-96e6-e218c374e833');
    expect(timeout).toContainEqual(expect.objectContaining({ type: 'attach-failed', timedOut: true }));
    const rpc = factsOf('AttachVolume.Attach failed for volume "pvc-2" : rpc error: code = FailedPrecondition desc = volume pvc-2 is attached to node k8s01');
    expect(rpc).toContainEqual(expect.objectContaining({ type: 'attach-failed', grpcCode: 'FailedPrecondition', timedOut: false }));
    expect(factsOf('Multi-Attach error for volume "pvc-9" Volume is already used by pod(s) web-1').some((f) => f.type === 'attach-failed')).toBe(false);
  });

  it('gives no node-side facts for unrelated failures', () => {
    expect(factsOf('MountVolume.SetUp failed for volume "cfg" : configmap "app-config" not found').map((f) => f.type)).toEqual(['object-not-found']);
  });
});
