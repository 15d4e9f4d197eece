import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import type { ClusterBuilder, DeploymentResult } from '../../../test/support/cluster-builder.ts';
import { sandboxFailure } from './sandbox-failure.ts';

// https://github.com/projectcalico/calico/issues/9215
const CALICO = 'Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "b6385006e8b3eedeaa1fd60e3e69afc9fb758a27666c93708a9211b3c988ab34": plugin type="calico" failed (add): error getting ClusterInformation: connection is unauthorized: Unauthorized';

function withSandboxEvent(last: string, message = CALICO) {
  const s = stuckOnJiva({
    consumerNode: 'k8s03',
    controllerNode: 'k8s03',
    failedMountLast: '-10m',
    extra: (c: ClusterBuilder, _v, app: DeploymentResult) => {
      c.event({ on: app.pod, reason: 'FailedCreatePodSandBox', message, count: 30, first: '-9m', last });
    },
  });
  return { a: sandboxFailure.assess(contextOf(s.objects, NOW, s.pod)), d: diagnosisOf(s.objects, NOW, s.pod) };
}

describe('sandbox-failure', () => {
  it('wins over the hairpin when the CNI failure is newer than every mount failure (the mount got through)', () => {
    const { a, d } = withSandboxEvent('-20s');
    expect(a?.verdict).toBe('confirmed');
    expect(a?.summary).toMatch(/credentials/);
    expect(d.hypotheses[0]?.id).toBe('sandbox-failure');
  });

  it('names IPAM exhaustion (canonical/microk8s#1147 wording)', () => {
    const { a } = withSandboxEvent('-20s', '(combined from similar events): Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9a1b3fd9596e428093232c054a1ac7fac47a57c87f5c46dd80dde72e5bbea132": failed to allocate for range 0: no IP addresses available in range set: 10.1.56.1-10.1.56.254');
    expect(a?.evidenceFor.some((e) => e.text.includes('no IP addresses available in range set'))).toBe(true);
  });

  it('steps back when mount failures are newer than the last sandbox failure', () => {
    const s = stuckOnJiva({
      consumerNode: 'k8s03',
      controllerNode: 'k8s03',
      extra: (c, _v, app) => {
        c.event({ on: app.pod, reason: 'FailedCreatePodSandBox', message: CALICO, first: '-26m', last: '-24m' });
      },
    });
    const a = sandboxFailure.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('possible');
    expect(diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id).toBe('hairpin-colocation');
  });

  it('is ruled out, and does not steal the top spot, when the sandbox failure is stale', () => {
    const s = stuckOnJiva({
      consumerNode: 'k8s03',
      controllerNode: 'k8s03',
      extra: (c, _v, app) => {
        // Reported by another node than the pod's: not about this pod's current sandbox.
        c.event({ on: app.pod, reason: 'FailedCreatePodSandBox', message: CALICO, source: { component: 'kubelet', host: 'k8s01' }, last: '-10s' });
      },
    });
    const a = sandboxFailure.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(diagnosisOf(s.objects, NOW, s.pod).hypotheses[0]?.id).toBe('hairpin-colocation');
  });
});
