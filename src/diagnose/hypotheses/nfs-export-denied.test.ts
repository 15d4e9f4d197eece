import { describe, expect, it } from 'vitest';
import { NOW, nfsMountFailure, stuckOnNfs } from '../../../test/support/scenarios.ts';
import { contextOf, diagnosisOf } from '../../../test/support/state.ts';
import { nfsExportDenied } from './nfs-export-denied.ts';
import { dig } from '../../../test/support/cluster-builder.ts';

const denied = (server: string) => nfsMountFailure('app-data-nfs', server, `mount.nfs: access denied by server while mounting ${server}:/exports/app`);

describe('nfs-export-denied', () => {
  it('wins when the server refuses the export, and names the node addresses to admit', () => {
    const s = stuckOnNfs({ failedMount: denied });
    const a = nfsExportDenied.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('confirmed');
    expect(a?.nextSteps.join(' ')).toContain('192.168.1.13');
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.hypotheses[0]?.id).toBe('nfs-export-denied');
    // The same server answered: it is not unreachable.
    expect(d.hypotheses.find((h) => h.id === 'target-not-ready')).toBeUndefined();
  });

  it('is ruled out when every denial is older than the current pod (stale), while a timeout is current', () => {
    const s = stuckOnNfs({
      failedMount: (server) => nfsMountFailure('app-data-nfs', server, 'mount.nfs: Connection timed out'),
      extra: (c, app) => {
        c.event({ on: app.pod, reason: 'FailedMount', message: denied(String(dig(c.get('Service', 'storage/nfs-server'), 'spec', 'clusterIP'))), last: '-2h', first: '-2h' });
      },
    });
    const a = nfsExportDenied.assess(contextOf(s.objects, NOW, s.pod));
    expect(a?.verdict).toBe('ruled-out');
    expect(a?.evidenceAgainst[0]?.stale?.why).toMatch(/before the current pod was scheduled/);
  });
});
