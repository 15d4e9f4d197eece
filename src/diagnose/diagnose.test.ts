import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import { waiting } from '../../test/support/cluster-builder.ts';
import type { Pod } from '../kube/types.ts';
import { diagnose } from './diagnose.ts';
import type { Assessment, Hypothesis, HypothesisId } from './types.ts';

function fixed(id: HypothesisId, assessment: Partial<Assessment> | undefined): Hypothesis {
  return {
    id,
    title: id,
    needs: [],
    assess: () => (assessment === undefined ? undefined : { verdict: 'possible', score: 0.5, summary: id, evidenceFor: [], evidenceAgainst: [], nextSteps: [], ...assessment }),
  };
}

function run(hypotheses: Hypothesis[]) {
  const s = stuckOnJiva({ controllerNode: 'k8s01' });
  const model = modelOf(s.objects, NOW);
  const [ns, name] = s.pod.split('/');
  return diagnose(model, model.pod(ns ?? '', name ?? '') as Pod, { hypotheses });
}

describe('diagnose engine rules', () => {
  it('reports other stuck pods beside the diagnosis, but not the diagnosed pod itself', () => {
    const s = stuckOnJiva({
      controllerNode: 'k8s01',
      extra: (c) => {
        c.deployment('media/other', { image: 'other:1', node: 'k8s02', state: waiting('ContainerCreating'), created: '-40m' });
      },
    });
    const model = modelOf(s.objects, NOW);
    const [ns, name] = s.pod.split('/');
    const d = diagnose(model, model.pod(ns ?? '', name ?? '') as Pod);
    const stuck = d.secondary.filter((f) => f.id === 'stuck-pod').map((f) => `${f.subject.namespace ?? ''}/${f.subject.name}`);
    expect(stuck).not.toContain(s.pod);
    expect(stuck.some((p) => p.startsWith('media/other-'))).toBe(true);
  });

  it('ranks by verdict, then score; ruled-out last', () => {
    const d = run([fixed('portal-stale', { verdict: 'ruled-out', score: 0 }), fixed('target-not-ready', { verdict: 'possible', score: 0.9 }), fixed('replica-quorum-lost', { verdict: 'likely', score: 0.2 })]);
    expect(d.hypotheses.map((h) => h.id)).toEqual(['replica-quorum-lost', 'target-not-ready', 'portal-stale']);
  });

  it('downgrades confirmed to likely while a neighbour is not ruled out', () => {
    const d = run([fixed('filesystem-corruption', { verdict: 'confirmed', score: 0.9 }), fixed('replica-quorum-lost', { verdict: 'possible', score: 0.2 })]);
    expect(d.hypotheses[0]).toMatchObject({ id: 'filesystem-corruption', verdict: 'likely' });
    expect(d.hypotheses[0]?.evidenceAgainst.at(-1)?.text).toMatch(/replica-quorum-lost cannot be excluded/);
  });

  it('keeps confirmed when every neighbour is ruled out', () => {
    const d = run([fixed('filesystem-corruption', { verdict: 'confirmed', score: 0.9 }), fixed('replica-quorum-lost', { verdict: 'ruled-out', score: 0 })]);
    expect(d.hypotheses[0]?.verdict).toBe('confirmed');
  });

  it('puts unknown first when nothing fits, listing what was checked', () => {
    const d = run([fixed('portal-stale', { verdict: 'ruled-out', score: 0, summary: 'the portal is a live ClusterIP' }), fixed('multi-attach', undefined)]);
    expect(d.hypotheses.map((h) => h.id)).toEqual(['unknown', 'portal-stale']);
    const checked = d.hypotheses[0]?.evidenceAgainst.map((e) => e.text).join('\n') ?? '';
    expect(checked).toContain('portal-stale (ruled out: the portal is a live ClusterIP)');
    expect(checked).toContain('multi-attach (their symptoms are absent from current events)');
    expect(d.chain.at(-1)?.answer).toMatch(/cannot tell/);
  });

  it("quotes the line naming the cause of a multi-line message in unknown's evidence, not only `exit status 32`", () => {
    // mount-utils' multi-line failure (https://github.com/kubernetes/mount-utils/blob/master/mount_linux.go), the cause on the Output: line.
    const output = 'Output: mount: /var/lib/kubelet/pods/x/volumes/kubernetes.io~iscsi/pv: /dev/sdb is write-protected, mounting read-only';
    const s = stuckOnJiva({ controllerNode: 'k8s01', failedMount: (v) => `MountVolume.MountDevice failed for volume "${v.pvName}" : mount failed: exit status 32\nMounting command: mount\nMounting arguments: -t ext4 /dev/sdb /mnt\n${output}\n` });
    const model = modelOf(s.objects, NOW);
    const [ns, name] = s.pod.split('/');
    const d = diagnose(model, model.pod(ns ?? '', name ?? '') as Pod, { hypotheses: [fixed('multi-attach', undefined)] });
    expect(d.hypotheses[0]?.id).toBe('unknown');
    const mount = d.hypotheses[0]?.evidenceFor.find((e) => e.text.includes('exit status 32'));
    expect(mount?.text).toContain(output);
  });

  it('turns a throwing hypothesis into an internal-error finding and goes on', () => {
    const boom: Hypothesis = { id: 'portal-stale', title: 'x', needs: [], assess: () => { throw new Error('boom'); } };
    const d = run([boom, fixed('target-not-ready', { verdict: 'likely', score: 0.8 })]);
    expect(d.hypotheses[0]?.id).toBe('target-not-ready');
    expect(d.secondary[0]).toMatchObject({ id: 'internal-error', subject: { kind: 'Hypothesis', name: 'portal-stale' } });
  });
});
