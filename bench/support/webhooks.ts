/**
 * A partner's webhook receiver in the benchmark's own process: an HTTP server on 127.0.0.1 (the
 * stack's notifications service is started with WEBHOOK_ALLOW_PRIVATE_HOSTS naming it) that answers
 * 204 at once and records, per `webhook-id`, when each delivery arrived and what it was about.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Receipt {
  /** Epoch ms (fractional) when the request's body was in. */
  at: number;
  type?: string;
  referralId?: string;
}

export class WebhookReceiver {
  /** Every arrival per `webhook-id` (more than one: delivered more than once). */
  readonly receipts = new Map<string, Receipt[]>();
  private server?: Server;

  constructor(readonly name: string) {}

  async listen(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const at = performance.timeOrigin + performance.now();
        const id = String(req.headers['webhook-id'] ?? '');
        let body: any;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString());
        } catch {
          body = undefined;
        }
        const list = this.receipts.get(id) ?? [];
        list.push({ at, type: body?.type, referralId: body?.data?.referralId });
        this.receipts.set(id, list);
        res.writeHead(204).end();
      });
    });
    this.server.keepAliveTimeout = 60_000;
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks/${this.name}`;
  }

  /** The first arrival of each referral's `type` webhook, and how many arrivals each webhook-id had. */
  byReferral(type: string): Map<string, { at: number; webhookId: string; arrivals: number }> {
    const result = new Map<string, { at: number; webhookId: string; arrivals: number }>();
    for (const [webhookId, list] of this.receipts) {
      const first = list[0];
      if (first.type !== type || !first.referralId) continue;
      const known = result.get(first.referralId);
      // Two webhook ids for one referral's event would be two events: counted as extra arrivals.
      result.set(first.referralId, {
        at: Math.min(first.at, known?.at ?? Infinity),
        webhookId,
        arrivals: list.length + (known?.arrivals ?? 0),
      });
    }
    return result;
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server?.closeAllConnections();
      this.server?.close(() => resolve());
    });
  }
}
