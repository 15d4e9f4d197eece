import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { notify, stuckPodAlert } from '../../test/support/alerts.ts';
import { SinkError } from '../watch/alert.ts';
import { StdoutSink } from './stdout.ts';

describe('StdoutSink', () => {
  it('writes one AlertNotification document per line, in order', async () => {
    const out = new PassThrough();
    const chunks: string[] = [];
    out.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const firing = notify('firing', stuckPodAlert());
    const other = notify('repeat', stuckPodAlert({ pod: 'radarr-0' }));
    await new StdoutSink({ out }).send([firing, other]);
    const lines = chunks.join('').split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((l) => JSON.parse(l) as unknown)).toEqual([
      { apiVersion: 'kubehow/v1alpha1', kind: 'AlertNotification', type: 'firing', at: firing.at, alert: firing.alert },
      { apiVersion: 'kubehow/v1alpha1', kind: 'AlertNotification', type: 'repeat', at: other.at, alert: other.alert },
    ]);
  });

  it('reports a failed write as a retryable SinkError', async () => {
    const broken = new Writable({ write: (_chunk, _encoding, callback) => { callback(new Error('EPIPE')); } });
    broken.on('error', () => undefined);
    const error = await new StdoutSink({ out: broken }).send([notify('firing', stuckPodAlert())]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SinkError);
    expect((error as SinkError).retryable).toBe(true);
    expect((error as SinkError).message).toContain('EPIPE');
  });
});
