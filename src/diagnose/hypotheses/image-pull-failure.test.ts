import { describe, expect, it } from 'vitest';
import { ClusterBuilder, waiting } from '../../../test/support/cluster-builder.ts';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { imagePullFailure } from './image-pull-failure.ts';

// https://github.com/cloudnative-pg/cloudnative-pg/issues/2265
const IMAGE = 'ghcr.io/cloudnative-pg/cloudnative-pg:1.20.1';
const PULL = `Failed to pull image "${IMAGE}": rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE}": failed to copy: httpReadSeeker: failed open: content at https://ghcr.io/v2/cloudnative-pg/cloudnative-pg/manifests/sha256:827429f73ca03211c631aba2c1b0c417a0e57b7b4dbf3c54689c8a9eee5558e9 not found: not found`;

describe('image-pull-failure', () => {
  it('wins when the container waits in ImagePullBackOff, and classifies the registry answer', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('node-1');
    const app = c.deployment('cnpg/operator', { image: IMAGE, node: 'node-1', state: waiting('ImagePullBackOff', { message: `Back-off pulling image "${IMAGE}"` }), podCreated: '-10m' });
    c.event({ on: app.pod, reason: 'Failed', message: PULL, count: 4, first: '-9m', last: '-2m' });
    c.event({ on: app.pod, reason: 'BackOff', message: `Back-off pulling image "${IMAGE}"`, count: 30, first: '-9m', last: '-20s' });
    const pod = `cnpg/${app.pod.metadata.name}`;
    const a = imagePullFailure.assess(contextOf(c.objects(), NOW, pod));
    expect(a?.verdict).toBe('confirmed');
    expect(a?.nextSteps[0]).toMatch(/does not exist/);
    const d = diagnosisOf(c.objects(), NOW, pod);
    expect(d.hypotheses[0]).toMatchObject({ id: 'image-pull-failure', verdict: 'confirmed' });
  });

  it('is ruled out, and storage stays on top, when the only pull failure is older than the pod', () => {
    const s = stuckOnJiva({
      extra: (c, _v, app) => {
        c.event({ on: app.pod, reason: 'Failed', message: PULL, first: '-50m', last: '-40m' });
      },
    });
    const a = imagePullFailure.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id).toBe('hairpin-colocation');
  });

  it('is only possible when a pull failed recently but the container waits on its volumes', () => {
    const s = stuckOnJiva({
      extra: (c, _v, app) => {
        c.event({ on: app.pod, reason: 'Failed', message: PULL, last: '-3m' });
      },
    });
    expect(imagePullFailure.assess(contextOf(s.objects, NOW, s.pod))?.verdict).toBe('possible');
  });
});
