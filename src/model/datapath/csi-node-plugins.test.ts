import { describe, expect, it } from 'vitest';
import { ClusterBuilder } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { csiNodePlugin, MICROK8S_ROOT } from '../../../test/support/node-scenarios.ts';
import { modelOf } from '../../../test/support/state.ts';
import { nodePluginsOf, registrationPaths } from './csi-node-plugins.ts';

describe('CSI node plugins', () => {
  it('finds node plugins under a non-default kubelet root and reads their registration paths', () => {
    const c = new ClusterBuilder({ now: NOW, flavor: 'microk8s' });
    c.node('k8s01');
    csiNodePlugin(c, { driver: 'rbd.csi.ceph.com', root: MICROK8S_ROOT, viaEnv: true });
    const model = modelOf(c.objects(), NOW);
    const plugins = nodePluginsOf(model, 'rbd.csi.ceph.com');
    expect(plugins.map((p) => p.node)).toEqual(['k8s01']);
    const pod = model.resolveAs('Pod', plugins[0]?.ref ?? { kind: 'Pod', name: '' });
    expect(pod).toBeDefined();
    const paths = pod !== undefined ? registrationPaths(pod) : [];
    expect(paths.map((p) => [p.source, p.root])).toEqual([
      ['hostPath volume "socket-dir"', MICROK8S_ROOT],
      ['hostPath volume "registration-dir"', MICROK8S_ROOT],
      ['--kubelet-registration-path of container "node-driver-registrar"', MICROK8S_ROOT],
    ]);
    expect(paths[2]?.path).toBe(`${MICROK8S_ROOT}/plugins/rbd.csi.ceph.com/csi.sock`);
  });

  it('ignores hostPaths that say nothing about registration', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('k8s01');
    const ds = c.daemonSet('kube-system/agent', { volumes: [{ name: 'logs', source: { hostPath: { path: '/var/log' } } }, { name: 'kubelet-csi', source: { hostPath: { path: '/var/lib/kubelet/plugins/kubernetes.io/csi' } } }] });
    const model = modelOf(c.objects(), NOW);
    const pod = model.resolveAs('Pod', { kind: 'Pod', namespace: 'kube-system', name: ds.pods[0]?.metadata.name ?? '' });
    expect(pod !== undefined ? registrationPaths(pod) : undefined).toEqual([]);
  });
});
