/**
 * Generic JSON webhook: one POST per notification with a versioned document, so a receiver can route on `type` and
 * read everything the chat message shows (and more) from `alert`.
 */
import type { Notification, Sink } from '../watch/alert.ts';
import { postJson } from './http.ts';

export const WEBHOOK_API_VERSION = 'kubehow/v1alpha1';

/** The document the webhook POSTs and the stdout sink prints, one per notification. */
export interface AlertNotificationDocument {
  apiVersion: typeof WEBHOOK_API_VERSION;
  kind: 'AlertNotification';
  type: Notification['type'];
  at: string;
  alert: Notification['alert'];
}

export function notificationDocument(notification: Notification): AlertNotificationDocument {
  return { apiVersion: WEBHOOK_API_VERSION, kind: 'AlertNotification', type: notification.type, at: notification.at, alert: notification.alert };
}

export interface WebhookSinkOptions {
  name?: string;
  url: string;
  /** Header values resolved at each send (a token file may be rotated). */
  headers?: () => Promise<Record<string, string>>;
  timeoutMs?: number;
  now?: () => number;
}

export class WebhookSink implements Sink {
  readonly name: string;
  /** One document per request: a retry re-posts only the notification that failed. */
  readonly maxBatchSize = 1;
  private readonly options: WebhookSinkOptions;

  constructor(options: WebhookSinkOptions) {
    this.options = options;
    this.name = options.name ?? 'webhook';
  }

  async send(batch: readonly Notification[]): Promise<void> {
    const headers = this.options.headers !== undefined ? await this.options.headers() : {};
    for (const notification of batch) {
      await postJson({
        url: this.options.url,
        body: notificationDocument(notification),
        headers,
        timeoutMs: this.options.timeoutMs ?? 10_000,
        now: this.options.now ?? Date.now,
      });
    }
  }
}
