/**
 * A small JSON client over node:http with keep-alive connections, for the measured loops of the
 * stack benchmarks (lighter on the CPU than fetch, which matters when the load generator shares two
 * cores with the stack), and the statistics the benchmarks print.
 */
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

export interface Answer<T = any> {
  status: number;
  body: T;
  /** From sending the request to the end of the answer's body. */
  ms: number;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export class Http {
  readonly agent: Agent;
  private readonly url: URL;

  constructor(baseUrl: string, maxSockets = 64) {
    this.url = new URL(baseUrl);
    this.agent = new Agent({ keepAlive: true, maxSockets });
  }

  call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<Answer<T>> {
    const payload = options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body));
    const headers: Record<string, string | number> = {
      accept: 'application/json',
      ...(options.token && { authorization: `Bearer ${options.token}` }),
      ...(payload && { 'content-type': 'application/json', 'content-length': payload.length }),
      ...options.headers,
    };
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = request(
        {
          host: this.url.hostname,
          port: this.url.port,
          method,
          path,
          headers,
          agent: this.agent,
          timeout: 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString();
            let body: any = text;
            if (text && /json/.test(String(res.headers['content-type']))) {
              try {
                body = JSON.parse(text);
              } catch {
                // keep the text
              }
            }
            resolve({ status: res.statusCode ?? 0, body, ms });
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
      req.on('error', reject);
      req.end(payload);
    });
  }

  /** The answer's body when the status is the expected one; an error naming the call otherwise. */
  async expect<T = any>(status: number, method: string, path: string, options: CallOptions = {}): Promise<T> {
    const answer = await this.call<T>(method, path, options);
    if (answer.status !== status) {
      throw new Error(
        `${method} ${path}: ${answer.status} (expected ${status}) ${JSON.stringify(answer.body)}`,
      );
    }
    return answer.body;
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The p-th percentile (nearest rank) of numbers sorted ascending. */
export const percentile = (sorted: number[], p: number): number =>
  sorted.length === 0
    ? NaN
    : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

export function summarize(values: number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? NaN,
    mean: sorted.reduce((sum, v) => sum + v, 0) / (sorted.length || 1),
  };
}

/** A two-column table of figures, aligned. */
export function table(rows: [string, string | number][]): string {
  const width = Math.max(...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

export const ms = (value: number) => (Number.isFinite(value) ? `${value.toFixed(1)} ms` : '–');
export const sleep = (millis: number) => new Promise((resolve) => setTimeout(resolve, millis));

/** Polls `check` until it is true, or fails after `timeoutMs`. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean>,
  timeoutMs = 60_000,
  everyMs = 200,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(everyMs);
  }
}
