import { afterEach, describe, expect, it } from 'vitest';
import { notify, stuckPodAlert } from '../../test/support/alerts.ts';
import { startCaptureServer, type CaptureServer } from '../../test/support/capture-server.ts';
import { HttpSinkError } from './http.ts';
import { chatPayload, chatText, inert, SlackSink } from './slack.ts';

const servers: CaptureServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const HOSTILE = 'x&<!channel><https://evil.test|docs>@here[click](https://evil.test)';

describe('SlackSink', () => {
  it('posts one Slack payload per notification with the diagnosis, next steps and the page to read first', async () => {
    const receiver = await startCaptureServer();
    servers.push(receiver);
    const sink = new SlackSink({ url: `${receiver.url}/services/T0/B0/secret` });
    expect(sink.maxBatchSize).toBe(1);
    await sink.send([notify('firing', stuckPodAlert())]);

    expect(receiver.requests).toHaveLength(1);
    expect(receiver.requests[0]?.path).toBe('/services/T0/B0/secret');
    const body = receiver.requests[0]?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['text', 'unfurl_links', 'unfurl_media']);
    expect(body.text).toBe(
      [
        '*[FIRING] critical: Pod media/sonarr-0 stuck in ContainerCreating*',
        'Pod media/sonarr-0 has waited 12m to start on node worker-2.',
        '*Subject*: Pod media/sonarr-0 on node worker-2',
        '*Diagnosis of Pod media/sonarr-0*',
        '1. *likely*: iSCSI target on the same node: The pod and its iSCSI target share node worker-2. <https://docs.example.test/kubehow/hypotheses/hairpin-colocation.md|docs>',
        '2. *possible*: CSI node plugin not running: No ready node plugin pod was read on worker-2. <https://docs.example.test/kubehow/hypotheses/csi-node-plugin-down.md|docs>',
        '*Next steps*',
        '• Cordon worker-2 and delete the pod so it schedules away from its target.',
        'Read first: <https://docs.example.test/kubehow/hypotheses/hairpin-colocation.md|hypothesis hairpin-colocation>',
        '*Evidence*',
        '• Event FailedMount on Pod media/sonarr-0: MountVolume.WaitForAttach failed for volume "pvc-1"',
      ].join('\n'),
    );
  });

  it('says a resolved alert resolved and how long it lasted', () => {
    const text = chatText(notify('resolved', stuckPodAlert({ endsAt: '2026-03-30T03:14:30.000Z' })), 'slack', 3500);
    expect(text.split('\n')[0]).toBe('*[RESOLVED] Pod media/sonarr-0 stuck in ContainerCreating*');
    expect(text).toContain('Lasted 14m 30s (from 2026-03-30T03:00:00.000Z to 2026-03-30T03:14:30.000Z).');
    expect(text).not.toContain('Diagnosis');
  });

  it('lists what could not be read, escaped like every cluster string', () => {
    const text = chatText(notify('firing', { ...stuckPodAlert(), caveats: [`could not read pods in ${HOSTILE}: forbidden by RBAC`] }), 'slack', 3500);
    expect(text).toContain('*Could not check*\n• could not read pods in x&amp;&lt;!channel&gt;');
    expect(text).not.toContain('<!channel>');
  });

  it('marks a repeat as still firing', () => {
    expect(chatText(notify('repeat', stuckPodAlert()), 'slack', 3500).split('\n')[0]).toBe('*[STILL FIRING] critical: Pod media/sonarr-0 stuck in ContainerCreating*');
  });

  it('uses Markdown bold for Mattermost and Slack bold for Zulip (which converts it), with a bare text payload', () => {
    const mattermost = chatPayload(notify('firing', stuckPodAlert()), 'mattermost', 3500);
    const zulip = chatPayload(notify('firing', stuckPodAlert()), 'zulip', 3500);
    expect(Object.keys(mattermost)).toEqual(['text']);
    expect(Object.keys(zulip)).toEqual(['text']);
    expect(mattermost.text.split('\n')[0]).toBe('**[FIRING] critical: Pod media/sonarr-0 stuck in ContainerCreating**');
    expect(zulip.text.split('\n')[0]).toBe('*[FIRING] critical: Pod media/sonarr-0 stuck in ContainerCreating*');
  });

  it('keeps cluster strings inert: no channel mention, no disguised link, no @-mention', () => {
    for (const flavor of ['slack', 'mattermost', 'zulip'] as const) {
      const alert = stuckPodAlert({ pod: HOSTILE, evidence: [`Event message: ${HOSTILE}`] });
      const text = chatText(notify('firing', alert), flavor, 3500);
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<https://evil.test');
      expect(text).not.toContain('@here');
      expect(text).toContain('x&amp;&lt;!channel&gt;&lt;https://evil.test|docs&gt;@\u2060here');
      // Slack's mrkdwn has no [label](url) links, so the brackets stay as typed there; the Markdown flavors escape them.
      if (flavor === 'slack') expect(text).toContain('@\u2060here[click](https://evil.test)');
      else expect(text).toContain('@\u2060here\\[click\\](https://evil.test)');
    }
    expect(inert('a & b', 'slack')).toBe('a &amp; b');
  });

  it('stays under the length limit and says how many lines it left out', () => {
    const evidence = Array.from({ length: 60 }, (_, i) => `Event ${i}: ${'MountVolume.SetUp failed '.repeat(6)}`);
    const full = chatText(notify('firing', stuckPodAlert({ evidence })), 'slack', 40_000).split('\n');
    const text = chatText(notify('firing', stuckPodAlert({ evidence })), 'slack', 1200);
    expect(text.length).toBeLessThanOrEqual(1200);
    const lines = text.split('\n');
    const note = lines.at(-1) ?? '';
    const match = /^… (\d+) more lines not shown \(message length limit\)$/.exec(note);
    expect(match).not.toBeNull();
    expect(lines.length - 1 + Number(match?.[1])).toBe(full.length);
    expect(lines.slice(0, -1)).toEqual(full.slice(0, lines.length - 1));
  });

  it('clips one very long cluster string with an ellipsis instead of dropping the rest of the message', () => {
    const text = chatText(notify('firing', stuckPodAlert({ evidence: ['y'.repeat(5000), 'after'] })), 'slack', 3500);
    expect(text).toContain(`• ${'y'.repeat(399)}…`);
    expect(text).toContain('• after');
  });

  it('fails retryably on 429 with its Retry-After, and names only scheme and host', async () => {
    const receiver = await startCaptureServer();
    servers.push(receiver);
    receiver.answers.push({ status: 429, headers: { 'retry-after': '30' } });
    const error = await new SlackSink({ url: `${receiver.url}/services/T0/B0/secret` }).send([notify('firing', stuckPodAlert())]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpSinkError);
    expect((error as HttpSinkError).retryable).toBe(true);
    expect((error as HttpSinkError).retryAfterMs).toBe(30_000);
    expect((error as HttpSinkError).message).toBe(`POST http://127.0.0.1:${receiver.port}/… answered 429: ok`);
  });
});
