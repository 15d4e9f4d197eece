import { describe, expect, it } from 'vitest';
import { running } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { csiNodePlugin, DEFAULT_ROOT, MICROK8S_ROOT, stuckOnCsi } from '../../../test/support/node-scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { csiKubeletDirMismatch } from './csi-kubelet-dir-mismatch.ts';

const DRIVER = 'rbd.csi.ceph.com';
// https://github.com/rook/rook/issues/8791
const notRegistered = (pv: string) => `MountVolume.MountDevice failed for volume "${pv}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name ${DRIVER} not found in the list of registered CSI drivers`;

describe('csi-kubelet-dir-mismatch', () => {
  it('wins, confirmed, on microk8s when a running plugin registers under /var/lib/kubelet', () => {
    const s = stuckOnCsi({ flavor: 'microk8s', message: notRegistered, extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: DEFAULT_ROOT }) });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'csi-kubelet-dir-mismatch', verdict: 'confirmed' });
    const text = d.hypotheses[0]?.evidenceFor.map((e) => e.text).join('\n') ?? '';
    expect(text).toContain('/var/snap/microk8s/common/var/lib/kubelet');
    expect(text).toContain('--kubelet-registration-path');
    expect(d.hypotheses.find((h) => h.id === 'csi-node-plugin-missing')?.verdict).toBe('ruled-out');
  });

  it('reads a registration path passed through an env var', () => {
    const s = stuckOnCsi({ flavor: 'microk8s', message: notRegistered, extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: DEFAULT_ROOT, viaEnv: true }) });
    const a = csiKubeletDirMismatch.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.evidenceFor.map((e) => e.text).join('\n')).toContain(`--kubelet-registration-path of container "node-driver-registrar": ${DEFAULT_ROOT}/plugins/${DRIVER}/csi.sock`);
  });

  it('learns a custom --root-dir from another driver registered on the node', () => {
    // ceph/ceph-csi#710: kubelet root-dir /opt/cke/kubelet, charts still on /var/lib/kubelet.
    const custom = '/opt/cke/kubelet';
    const annotations = { 'csi.volume.kubernetes.io/nodeid': JSON.stringify({ 'nfs.csi.k8s.io': 'k8s02' }) };
    const s = stuckOnCsi({
      message: notRegistered,
      nodes: { k8s01: { annotations }, k8s02: { annotations }, k8s03: { annotations } },
      extra: (c) => {
        csiNodePlugin(c, { driver: 'nfs.csi.k8s.io', root: custom, name: 'csi-nfs-node' });
        csiNodePlugin(c, { driver: DRIVER, root: DEFAULT_ROOT, name: 'csi-rbdplugin' });
      },
    });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'csi-kubelet-dir-mismatch', verdict: 'confirmed' });
    expect(d.hypotheses[0]?.evidenceFor.map((e) => e.text).join('\n')).toContain('CSI driver nfs.csi.k8s.io is registered on k8s02 with paths under /opt/cke/kubelet');
  });

  it('is at most possible on a plain node whose plugin uses the default root (only a custom --root-dir would miss it)', () => {
    const s = stuckOnCsi({ message: notRegistered, extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: DEFAULT_ROOT, state: running() }) });
    const a = csiKubeletDirMismatch.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
  });

  it('is ruled out when the paths match the microk8s root, and when no plugin runs on the node', () => {
    const matching = stuckOnCsi({ flavor: 'microk8s', message: notRegistered, extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: MICROK8S_ROOT }) });
    expect(csiKubeletDirMismatch.assess(contextOf(matching.objects, NOW, matching.pod))?.verdict).toBe('ruled-out');
    const absent = stuckOnCsi({ flavor: 'microk8s', message: notRegistered, extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: DEFAULT_ROOT, nodes: ['k8s01'] }) });
    expect(csiKubeletDirMismatch.assess(contextOf(absent.objects, NOW, absent.pod))?.verdict).toBe('ruled-out');
  });
});

describe('one message, two causes: the node-plugin pair', () => {
  it('gives different winners for the same "not registered" text, by whether the plugin runs on the node', () => {
    const misplaced = stuckOnCsi({ flavor: 'microk8s', message: notRegistered, extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: DEFAULT_ROOT }) });
    const absent = stuckOnCsi({ flavor: 'microk8s', message: notRegistered, extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: MICROK8S_ROOT, nodes: ['k8s01', 'k8s03'] }) });
    const a = diagnosisOf(misplaced.objects, NOW, misplaced.pod);
    const b = diagnosisOf(absent.objects, NOW, absent.pod);
    expect(a.hypotheses[0]?.evidenceFor[0]?.text).toBe(b.hypotheses[0]?.evidenceFor[0]?.text);
    expect([a.hypotheses[0]?.id, b.hypotheses[0]?.id]).toEqual(['csi-kubelet-dir-mismatch', 'csi-node-plugin-missing']);
  });
  it('reads the attach-time form (external-attacher finds no driver in the CSINode) the same way', () => {
    // https://github.com/longhorn/longhorn/issues/2580: "AttachVolume.Attach failed for volume … : CSINode node-name does not contain driver driver.longhorn.io" on microk8s
    const s = stuckOnCsi({
      flavor: 'microk8s',
      reason: 'FailedAttachVolume',
      message: (pv) => `AttachVolume.Attach failed for volume "${pv}" : CSINode k8s02 does not contain driver ${DRIVER}`,
      extra: (c, pv) => {
        csiNodePlugin(c, { driver: DRIVER, root: DEFAULT_ROOT });
        c.attachVolume({ pv, node: 'k8s02', attached: false, attachError: `CSINode k8s02 does not contain driver ${DRIVER}` });
      },
    });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'csi-kubelet-dir-mismatch', verdict: 'confirmed' });
    expect(d.hypotheses.find((h) => h.id === 'stale-volume-attachment')?.verdict).toBe('ruled-out');
  });
});
