import { describe, expect, it } from 'vitest';
import { ClusterBuilder, pvcVolume, waiting } from '../../../test/support/cluster-builder.ts';
import { NOW } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { kubeletVolumeStall } from './kubelet-volume-stall.ts';

interface Options {
  created?: string;
  nodeReady?: boolean | 'Unknown';
  failedMount?: boolean;
  scheduledEvent?: boolean;
}

/** A pod on k8s02 waiting in ContainerCreating on an iSCSI volume, with only the events asked for. */
function silentPod(opts: Options = {}) {
  const c = new ClusterBuilder({ now: NOW });
  c.node('k8s01');
  c.node('k8s02', { ready: opts.nodeReady ?? true });
  const { pv } = c.boundClaim('prod/data', { source: { iscsi: { targetPortal: '192.168.1.60:3260', iqn: 'iqn.2005-10.org.freenas.ctl:data' } } });
  const app = c.deployment('prod/db', { image: 'postgres:16', node: 'k8s02', state: waiting('ContainerCreating'), podCreated: opts.created ?? '-40m', volumes: [pvcVolume('data', 'data')] });
  if (opts.scheduledEvent ?? true) c.event({ on: app.pod, reason: 'Scheduled', message: `Successfully assigned prod/${app.pod.metadata.name} to k8s02`, last: opts.created ?? '-40m' });
  if (opts.failedMount === true) {
    c.event({ on: app.pod, reason: 'FailedMount', message: `Unable to attach or mount volumes: unmounted volumes=[data], unattached volumes=[data kube-api-access-x2x9z]: timed out waiting for the condition`, count: 12, first: '-38m', last: '-2m' });
    c.event({ on: app.pod, reason: 'FailedMount', message: `MountVolume.WaitForAttach failed for volume "${pv.metadata.name}" : executable file not found in $PATH`, count: 12, first: '-38m', last: '-2m' });
  }
  return { objects: c.objects(), pod: `prod/${app.pod.metadata.name}` };
}

describe('kubelet-volume-stall', () => {
  it('wins when a pod scheduled 40 minutes ago on a Ready node has no volume event at all', () => {
    const s = silentPod();
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'kubelet-volume-stall', verdict: 'likely' });
    expect(d.hypotheses[0]?.evidenceFor.map((e) => e.text).join('\n')).toMatch(/Scheduled to k8s02 40m ago/);
  });

  it('does not fire on a pod scheduled two minutes ago', () => {
    const s = silentPod({ created: '-2m' });
    expect(kubeletVolumeStall.assess(contextOf(s.objects, NOW, s.pod))).toBeUndefined();
  });

  it('is ruled out when the node is not Ready', () => {
    const s = silentPod({ nodeReady: 'Unknown' });
    const a = kubeletVolumeStall.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.summary).toMatch(/not Ready/);
  });

  it('yields to anything that leaves events: it does not apply once the kubelet reports', () => {
    const s = silentPod({ failedMount: true });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses.some((h) => h.id === 'kubelet-volume-stall')).toBe(false);
    expect(d.hypotheses[0]?.id).toBe('initiator-missing');
  });

  it('will not conclude silence from a snapshot without events', () => {
    const s = silentPod({ scheduledEvent: false });
    const a = kubeletVolumeStall.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(a?.evidenceAgainst.some((e) => e.kind === 'gap')).toBe(true);
  });
});
