import { describe, expect, it } from 'vitest';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { modelOf } from '../../test/support/state.ts';
import { audit, failsOn, parseIgnoreRule } from './audit.ts';

describe('audit document', () => {
  const s = stuckOnJiva({ consumerNode: 'k8s03', controllerNode: 'k8s03' });
  const model = modelOf(s.objects, NOW);

  it('is a versioned Audit with a summary that counts its findings, most severe first', () => {
    const a = audit(model);
    expect(a).toMatchObject({ apiVersion: 'kubehow/v1alpha1', kind: 'Audit', observedAt: model.observedAt });
    expect(a.findings.map((f) => f.id)).toEqual(expect.arrayContaining(['colocation-exposure', 'missing-anti-affinity', 'stuck-pod']));
    expect(a.findings[0]?.severity).toBe('critical');
    expect(Object.values(a.summary).reduce((x, y) => x + y, 0)).toBe(a.findings.length);
  });

  it('filters by namespace, minimum severity and ignore globs, and notes each filter', () => {
    expect(audit(model, { namespaces: ['kube-system'] }).findings).toEqual([]);
    expect(audit(model, { minSeverity: 'critical' }).findings.map((f) => f.id)).toEqual(['colocation-exposure']);
    const ignored = audit(model, { ignore: [parseIgnoreRule('missing-anti-affinity=media/a*'), parseIgnoreRule('*=media/app-*')] });
    expect(ignored.findings.map((f) => f.id)).not.toContain('missing-anti-affinity');
    expect(ignored.findings.map((f) => f.id)).not.toContain('stuck-pod');
    expect(ignored.notes.filter((n) => n.kind === 'ignored')).toHaveLength(2);
  });

  it('fails on a threshold only when a finding reaches it', () => {
    const a = audit(model, { minSeverity: 'high' });
    expect(failsOn(a, 'critical')).toBe(true);
    expect(failsOn(audit(model, { ignore: [parseIgnoreRule('colocation-exposure=*')] }), 'critical')).toBe(false);
    expect(failsOn(a, undefined)).toBe(false);
  });

  it('rejects malformed and unknown ignore rules', () => {
    expect(() => parseIgnoreRule('media/app')).toThrow(/expected id=namespace\/name-glob/);
    expect(() => parseIgnoreRule('no-such-id=media/app')).toThrow(/unknown finding id/);
  });
});
