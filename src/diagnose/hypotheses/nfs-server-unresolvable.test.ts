import { describe, expect, it } from 'vitest';
import { NOW, nfsMountFailure, stuckOnNfs } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { nfsServerUnresolvable } from './nfs-server-unresolvable.ts';
import { ClusterBuilder, pvcVolume, running, waiting } from '../../../test/support/cluster-builder.ts';

const resolveFailure = (server: string) => nfsMountFailure('app-data-nfs', server, `mount.nfs: Failed to resolve server ${server}: Name or service not known`);

/** media/app on node-1 mounting a csi-driver-nfs volume of server nfs-server.storage.svc.cluster.local, which its node cannot resolve. */
function csiNfsPodFailingToResolve(c: ClusterBuilder): ReturnType<typeof contextOf> {
  c.boundClaim('media/share', { source: { csi: { driver: 'nfs.csi.k8s.io', volumeHandle: 'nfs-server.storage.svc.cluster.local#share#', volumeAttributes: { server: 'nfs-server.storage.svc.cluster.local', share: '/share' } } }, pvName: 'pvc-share' });
  const app = c.deployment('media/app', { image: 'example/app:1', node: 'node-1', state: waiting('ContainerCreating'), volumes: [pvcVolume('share', 'share')] });
  c.event({
    on: app.pod,
    reason: 'FailedMount',
    message: 'MountVolume.SetUp failed for volume "pvc-share" : rpc error: code = Internal desc = mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t nfs nfs-server.storage.svc.cluster.local:/share /var/lib/kubelet/pods/x/volumes/kubernetes.io~csi/pvc-share/mount\nOutput: mount.nfs: Failed to resolve server nfs-server.storage.svc.cluster.local: Name or service not known',
  });
  return contextOf(c.objects(), NOW, `media/${app.pod.metadata.name}`);
}

describe('nfs-server-unresolvable', () => {
  it('wins when the PV names its server by the cluster DNS name of a Service', () => {
    const s = stuckOnNfs({ server: () => 'nfs-server.storage.svc.cluster.local', failedMount: resolveFailure });
    const a = nfsServerUnresolvable.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('confirmed');
    expect(a?.nextSteps.join(' ')).toMatch(/ClusterIP 10\.152\.183\.\d+/);
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'nfs-server-unresolvable' });
    expect(['confirmed', 'likely']).toContain(d.hypotheses[0]?.verdict);
  });

  it('recognises a bare Service name in the pod\'s namespace neighbourhood as a cluster name', () => {
    const s = stuckOnNfs({ server: () => 'nfs-server.storage', failedMount: resolveFailure });
    expect(nfsServerUnresolvable.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('confirmed');
  });

  it('is only possible for a name outside the cluster (the node resolver itself fails)', () => {
    const s = stuckOnNfs({ server: () => 'nas.example.net', failedMount: resolveFailure });
    expect(nfsServerUnresolvable.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('possible');
  });

  it('is ruled out when the server is an IP address', () => {
    // A resolve error naming a server the PV gives as an IP cannot come from this volume's name.
    const s = stuckOnNfs({ failedMount: () => nfsMountFailure('app-data-nfs', '10.152.183.40', 'mount.nfs: Failed to resolve server 10.152.183.40: Name or service not known') });
    expect(nfsServerUnresolvable.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('ruled-out');
  });

  it('does not apply to other NFS failures', () => {
    const s = stuckOnNfs({ failedMount: (server) => nfsMountFailure('app-data-nfs', server, 'mount.nfs: Connection timed out') });
    expect(nfsServerUnresolvable.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });

  it('reads the server of a CSI NFS volume (csi-driver-nfs volumeAttributes.server)', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('node-1');
    // Services were read (the API server's own), none named nfs-server.
    c.service('default/kubernetes', { selector: null, ports: [{ name: 'https', port: 443, targetPort: 6443 }], addresses: [{ ip: '192.168.1.10' }] });
    const a = nfsServerUnresolvable.assess(csiNfsPodFailingToResolve(c));
    expect(a?.verdict).toBe('confirmed');
    // No such Service in this cluster: even cluster DNS would fail, and the output says so.
    expect(a?.evidenceAgainst.some((e) => e.kind === 'absence')).toBe(true);
  });
  it('names the Service a CSI NFS server name belongs to, and does not call it absent', () => {
    // https://github.com/kubernetes-csi/csi-driver-nfs/issues/359 (csi-driver-nfs against an in-cluster NFS Service by name on GKE)
    const c = new ClusterBuilder({ now: NOW });
    c.node('node-1');
    c.deployment('storage/nfs-server', { image: 'itsthenetwork/nfs-server-alpine:12', node: 'node-1', labels: { app: 'nfs-server' }, state: running() });
    const { service } = c.service('storage/nfs-server', { ports: [{ name: 'nfs', port: 2049 }] });
    const a = nfsServerUnresolvable.assess(csiNfsPodFailingToResolve(c));
    expect(a?.verdict).toBe('confirmed');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'absence')).toBe(false);
    const clusterIP = (service.spec as { clusterIP: string }).clusterIP;
    expect(a?.evidenceFor.map((e) => e.text)).toContain(`"nfs-server.storage.svc.cluster.local" is the cluster DNS name of Service storage/nfs-server (ClusterIP ${clusterIP})`);
    expect(a?.nextSteps.join(' ')).toContain(`csi.volumeAttributes.server: ${clusterIP}`);
  });
});
