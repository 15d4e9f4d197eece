/** JSON lines on a stream (stdout by default): one `AlertNotification` document per line, the webhook's document. */
import type { Notification, Sink } from '../watch/alert.ts';
import { SinkError } from '../watch/alert.ts';
import { notificationDocument } from './webhook.ts';

/** The part of a Writable the sink uses; callbacks report the write's outcome. */
export interface LineWriter {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

export class StdoutSink implements Sink {
  readonly name: string;
  private readonly out: LineWriter;

  constructor(options: { out: LineWriter; name?: string }) {
    this.out = options.out;
    this.name = options.name ?? 'stdout';
  }

  /** Resolves once the stream has taken the lines, so a closed pipe is a failure the queue sees, not a lost alert. */
  async send(batch: readonly Notification[]): Promise<void> {
    if (batch.length === 0) return;
    const lines = batch.map((n) => `${JSON.stringify(notificationDocument(n))}\n`).join('');
    await new Promise<void>((resolve, reject) => {
      this.out.write(lines, (error) => {
        if (error !== undefined && error !== null) reject(new SinkError(`writing to ${this.name} failed: ${error.message}`, true));
        else resolve();
      });
    });
  }
}
