import { describe, expect, it } from 'vitest';
import { ClusterBuilder, running } from '../../test/support/cluster-builder.ts';
import { NOW, stuckOnJiva } from '../../test/support/scenarios.ts';
import { diagnosisOf } from '../../test/support/state.ts';
import { renderDiagnosis } from './render.ts';
import { escapeMarkdown } from './markdown.ts';

describe('renderers', () => {
  it('text: verdict, chain, evidence, ruled out, stale, secondary, then next steps', () => {
    const s = stuckOnJiva();
    const text = renderDiagnosis(diagnosisOf(s.objects, NOW, s.pod), 'text');
    const order = ['LIKELY  hairpin-colocation', 'How it happened', 'Evidence for hairpin-colocation', 'Other causes weighed', 'Also found in the cluster', 'Next steps'].map((h) => text.indexOf(h));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('text: strips terminal escapes that a cluster object could carry', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.WaitForAttach failed for volume "${v.pvName}" : iscsi: failed to sendtargets to portal ${v.portal} output: \u001b[2J\u001b]0;owned\u0007iscsiadm: Login I/O error, failed to receive a PDU\n, err exit status 4` });
    const text = renderDiagnosis(diagnosisOf(s.objects, NOW, s.pod), 'text');
    expect(text).toContain('failed to receive a PDU');
    // eslint-disable-next-line no-control-regex
    expect(text).not.toMatch(/[\u001b\u0007]/);
  });

  it('json: control characters stay escaped', () => {
    const s = stuckOnJiva({ failedMount: (v) => `MountVolume.WaitForAttach failed for volume "${v.pvName}" : \u001b[31m iscsiadm: Login I/O error, failed to receive a PDU` });
    const json = renderDiagnosis(diagnosisOf(s.objects, NOW, s.pod), 'json');
    // eslint-disable-next-line no-control-regex
    expect(json).not.toMatch(/\u001b/);
    expect(json).toContain('\\u001b');
  });

  it('markdown: cluster strings cannot inject markup', () => {
    expect(escapeMarkdown('pod [x](http://evil) <b>*y*</b> `z` | w\nnext')).toBe('pod \\[x\\](http://evil) \\<b\\>\\*y\\*\\</b\\> \\`z\\` \\| w next');
  });

  it('a healthy pod gets a diagnosis too: no hypotheses, one chain step saying so', () => {
    const c = new ClusterBuilder({ now: NOW });
    c.node('n1');
    const app = c.deployment('prod/web', { image: 'nginx', node: 'n1', state: running() });
    const d = diagnosisOf(c.objects(), NOW, `prod/${app.pod.metadata.name}`);
    expect(d.hypotheses).toEqual([]);
    expect(d.chain).toHaveLength(1);
    expect(d.chain[0]?.answer).toMatch(/^Yes: it is Running and Ready on n1/);
    expect(renderDiagnosis(d, 'text')).toContain('Yes: it is Running and Ready');
  });

  it('text and markdown: kinds that could not be read are listed under "Could not check", with who needed them', () => {
    // Target on another node, no NetworkPolicy in a snapshot of unknown coverage: whether one blocks it cannot be told.
    const s = stuckOnJiva({ consumerNode: 'k8s03', controllerNode: 'k8s01' });
    const d = diagnosisOf(s.objects, NOW, s.pod);
    expect(d.missingData.map((m) => m.kind)).toEqual(['NetworkPolicy']);
    const text = renderDiagnosis(d, 'text');
    expect(text).toMatch(/Could not check\n {2}\? No NetworkPolicy object is in the snapshot.*\(needed by network-policy-blocks-target\)/);
    const md = renderDiagnosis(d, 'markdown');
    expect(md).toMatch(/## Could not check\n\n- No NetworkPolicy object is in the snapshot.*\(needed by `network-policy-blocks-target`\)/);
    expect(JSON.parse(renderDiagnosis(d, 'json')) as { missingData: unknown[] }).toHaveProperty('missingData', [expect.objectContaining({ kind: 'NetworkPolicy', reason: 'not-in-snapshot' })]);
  });
});
