import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  webhookId: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** When it arrived (ms since the epoch). */
  at: number;
  /** Which arrival of this webhook-id it is, from 1. */
  arrival: number;
  /** The status answered; undefined while the receiver holds the request, or when it never answered. */
  answered?: number;
  /** The answer was sent in full before the connection closed. */
  completed: boolean;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
  /** Hold the request this long before answering. */
  delayMs?: number;
}

/**
 * A partner's webhook receiver: a real HTTP server on 127.0.0.1 that records every request and answers
 * as `respond` decides (204 by default).
 */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  private server?: Server;

  constructor(public respond: (webhook: ReceivedWebhook) => Answer = () => ({ status: 204 })) {}

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const webhookId = String(request.headers['webhook-id'] ?? '');
        const webhook: ReceivedWebhook = {
          webhookId,
          path: request.url ?? '',
          headers: request.headers,
          body: Buffer.concat(chunks).toString('utf8'),
          at: Date.now(),
          arrival: this.received.filter((r) => r.webhookId === webhookId).length + 1,
          completed: false,
        };
        this.received.push(webhook);
        const answer = this.respond(webhook);
        const reply = () => {
          if (response.destroyed || request.socket.destroyed) return;
          webhook.answered = answer.status;
          response.on('finish', () => (webhook.completed = true));
          response.writeHead(answer.status, answer.headers).end();
        };
        if (answer.delayMs) setTimeout(reply, answer.delayMs);
        else reply();
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  url(path = '/hooks'): string {
    return `http://127.0.0.1:${(this.server!.address() as AddressInfo).port}${path}`;
  }

  /** The webhooks a receiver successfully took (2xx sent in full), by webhook-id: how many times. */
  delivered(): Map<string, number> {
    const counts = new Map<string, number>();
    for (const r of this.received) {
      if (r.completed && r.answered !== undefined && r.answered >= 200 && r.answered < 300) {
        counts.set(r.webhookId, (counts.get(r.webhookId) ?? 0) + 1);
      }
    }
    return counts;
  }

  of(webhookId: string): ReceivedWebhook[] {
    return this.received.filter((r) => r.webhookId === webhookId);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((resolve) => this.server?.close(resolve) ?? resolve(undefined));
  }
}
