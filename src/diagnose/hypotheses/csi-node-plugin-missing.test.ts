import { describe, expect, it } from 'vitest';
import { crashLoop, running } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { csiNodePlugin, DEFAULT_ROOT, MICROK8S_ROOT, stuckOnCsi, type NodePluginOptions } from '../../../test/support/node-scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { csiNodePluginMissing } from './csi-node-plugin-missing.ts';

const DRIVER = 'rbd.csi.ceph.com';
// https://github.com/rook/rook/issues/8791 (same text for every driver name)
const notRegistered = (pv: string) => `MountVolume.MountDevice failed for volume "${pv}" : kubernetes.io/csi: attacher.MountDevice failed to create newCsiDriverClient: driver name ${DRIVER} not found in the list of registered CSI drivers`;

function cluster(plugin: Omit<NodePluginOptions, 'driver'> | undefined, opts: { storageLabels?: boolean } = {}) {
  const labels = opts.storageLabels === true ? { labels: { 'storage-node': 'true' } } : {};
  return stuckOnCsi({
    flavor: 'microk8s',
    nodes: { k8s01: labels, k8s03: labels },
    message: notRegistered,
    extra: (c) => {
      if (plugin !== undefined) csiNodePlugin(c, { driver: DRIVER, ...plugin });
    },
  });
}

describe('csi-node-plugin-missing', () => {
  it('wins, confirmed, when the DaemonSet nodeSelector keeps the plugin off the consumer node', () => {
    const s = cluster({ root: MICROK8S_ROOT, nodes: ['k8s01', 'k8s03'], nodeSelector: { 'storage-node': 'true' } }, { storageLabels: true });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'csi-node-plugin-missing', verdict: 'confirmed' });
    expect(d.hypotheses[0]?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/nodeSelector storage-node=true does not match k8s02/);
    expect(d.hypotheses.find((h) => h.id === 'csi-kubelet-dir-mismatch')?.verdict).toBe('ruled-out');
  });

  it('names an untolerated taint as the reason', () => {
    const s = stuckOnCsi({
      flavor: 'microk8s',
      nodes: { k8s02: { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } },
      message: notRegistered,
      extra: (c) => csiNodePlugin(c, { driver: DRIVER, root: MICROK8S_ROOT, nodes: ['k8s01', 'k8s03'] }),
    });
    const a = csiNodePluginMissing.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/does not tolerate the taint dedicated=db:NoSchedule of k8s02/);
  });

  it('wins when the plugin pod on the node crash-loops while its paths match the kubelet root', () => {
    const s = cluster({ root: MICROK8S_ROOT, state: { k8s01: running(), k8s02: crashLoop(14), k8s03: running() } });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'csi-node-plugin-missing', verdict: 'confirmed' });
    expect(d.hypotheses[0]?.summary).toMatch(/CrashLoopBackOff/);
  });

  it('is ruled out when the plugin runs on the node (same message, registration at fault)', () => {
    const s = cluster({ root: DEFAULT_ROOT });
    const a = csiNodePluginMissing.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
  });

  it('yields to the path mismatch when the crash-looping plugin registers outside the kubelet root', () => {
    const s = cluster({ root: DEFAULT_ROOT, state: { k8s01: crashLoop(9), k8s02: crashLoop(9), k8s03: crashLoop(9) } });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('csi-kubelet-dir-mismatch');
    expect(d.hypotheses.find((h) => h.id === 'csi-node-plugin-missing')?.verdict).toBe('possible');
  });

  it('says the driver is not installed when no plugin pod exists anywhere', () => {
    const s = cluster(undefined);
    const a = csiNodePluginMissing.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/No node-plugin pod of rbd.csi.ceph.com runs on any node/);
  });

  it('will not call a driver absent when a registrar it cannot name runs on the node (plugin directory named otherwise)', () => {
    // secrets-store.csi.k8s.io registers from /var/lib/kubelet/plugins/csi-secrets-store: the directory is not the driver name.
    const s = stuckOnCsi({
      message: (pv) => `MountVolume.SetUp failed for volume "${pv}" : kubernetes.io/csi: mounter.SetUpAt failed to get CSI client: driver name secrets-store.csi.k8s.io not found in the list of registered CSI drivers`,
      extra: (c) => csiNodePlugin(c, { driver: 'csi-secrets-store', root: DEFAULT_ROOT, name: 'secrets-store-csi-driver' }),
    });
    const a = csiNodePluginMissing.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
  });

  it('drops to possible when the CSINode shows the driver registered since the event', () => {
    const s = stuckOnCsi({
      flavor: 'microk8s',
      message: notRegistered,
      extra: (c) => {
        csiNodePlugin(c, { driver: DRIVER, root: MICROK8S_ROOT, nodes: ['k8s01', 'k8s03'] });
        c.custom({ apiVersion: 'storage.k8s.io/v1', kind: 'CSINode', name: 'k8s02', body: { spec: { drivers: [{ name: DRIVER, nodeID: 'k8s02', topologyKeys: null }] } } });
      },
    });
    const a = csiNodePluginMissing.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.map((e) => e.text).join('\n')).toContain(`CSINode k8s02 lists ${DRIVER} as registered`);
  });

  it('does not apply without the "not registered" message', () => {
    const s = stuckOnCsi({ message: (pv) => `MountVolume.MountDevice failed for volume "${pv}" : rpc error: code = Internal desc = exit status 1` });
    expect(csiNodePluginMissing.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });
});
