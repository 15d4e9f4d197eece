import { describe, expect, it } from 'vitest';
import { stuckPodAlert } from '../../test/support/alerts.ts';
import { diagnosisLines, durationBetween, runbookUrl } from './alert-text.ts';

describe('durationBetween', () => {
  it('reads like a person would say it, at the precision that matters', () => {
    const start = '2026-03-30T03:00:00.000Z';
    expect(durationBetween(start, '2026-03-30T03:00:12.000Z')).toBe('12s');
    expect(durationBetween(start, '2026-03-30T03:04:10.000Z')).toBe('4m 10s');
    expect(durationBetween(start, '2026-03-30T05:05:40.000Z')).toBe('2h 5m');
    expect(durationBetween(start, '2026-04-01T05:05:00.000Z')).toBe('2d 2h');
    expect(durationBetween(start, start)).toBe('0s');
  });

  it('gives nothing rather than a wrong number when a time is missing, unreadable or reversed', () => {
    expect(durationBetween('2026-03-30T03:00:00Z', undefined)).toBeUndefined();
    expect(durationBetween('yesterday', '2026-03-30T03:00:00Z')).toBeUndefined();
    expect(durationBetween('2026-03-30T03:00:00Z', '2026-03-30T02:00:00Z')).toBeUndefined();
  });
});

describe('diagnosisLines and runbookUrl', () => {
  it('lists causes best first with verdicts and docs, then next steps; the top cause\'s page is the runbook', () => {
    const alert = stuckPodAlert();
    expect(diagnosisLines(alert)).toEqual([
      'Diagnosis of Pod media/sonarr-0:',
      '1. [likely] iSCSI target on the same node: The pod and its iSCSI target share node worker-2. (https://docs.example.test/kubehow/hypotheses/hairpin-colocation.md)',
      '2. [possible] CSI node plugin not running: No ready node plugin pod was read on worker-2. (https://docs.example.test/kubehow/hypotheses/csi-node-plugin-down.md)',
      'Next steps:',
      '- Cordon worker-2 and delete the pod so it schedules away from its target.',
    ]);
    expect(runbookUrl(alert)).toBe('https://docs.example.test/kubehow/hypotheses/hairpin-colocation.md');
  });

  it('says nothing of a diagnosis that was not made, and says so when no cause matched', () => {
    expect(diagnosisLines(stuckPodAlert({ diagnosis: null }))).toEqual([]);
    expect(runbookUrl(stuckPodAlert({ diagnosis: null }))).toBe('https://docs.example.test/kubehow/findings/stuck-pod.md');
    const none = stuckPodAlert({ diagnosis: { pod: { kind: 'Pod', namespace: 'media', name: 'sonarr-0' }, hypotheses: [], nextSteps: [] } });
    expect(diagnosisLines(none)).toEqual(['Diagnosis of Pod media/sonarr-0:', 'No cause in kubehow\'s catalog matches the evidence read.']);
  });
});
