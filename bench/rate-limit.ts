/**
 * What the shared rate limit costs per request (apps/gateway/src/rate-limit/shared-rate-limiter.ts):
 * the gateway's own `SharedRateLimiter` against a fresh gateway database on the real PostgreSQL, through
 * a TypeORM pool of 10 as the gateway has, next to a bare `SELECT 1` round trip on the same pool.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:rate-limit
 *
 * Creates its own database on the server and drops it at the end; needs neither Kafka nor a service.
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import pino from 'pino';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { createTestDatabase } from '@referral/testing';
import { migrations } from '../apps/gateway/src/migrations';
import { RateLimiter } from '../apps/gateway/src/rate-limit/rate-limiter';
import { SharedRateLimiter } from '../apps/gateway/src/rate-limit/shared-rate-limiter';
import { machine } from './support/machine';

const REQUESTS = Number(process.env.RATE_LIMIT_BENCH_REQUESTS ?? 5_000);
const WARM_UP = 500;
const CONCURRENCY = 16;

interface Figures {
  perSecond: number;
  mean: number;
  p50: number;
  p99: number;
}

/** `requests` calls of `call`, `concurrency` at a time; latencies in ms. */
async function measure(call: (i: number) => Promise<unknown>, concurrency: number): Promise<Figures> {
  for (let i = 0; i < WARM_UP; i++) await call(i);
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t = performance.now();
        await call(i);
        latencies.push(performance.now() - t);
      }
    }),
  );
  const elapsed = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return {
    perSecond: (REQUESTS / elapsed) * 1000,
    mean: latencies.reduce((s, l) => s + l, 0) / latencies.length,
    p50: at(0.5),
    p99: at(0.99),
  };
}

const ms = (value: number) => `${value.toFixed(3)} ms`;
const row = (name: string, f: Figures) =>
  `| ${name} | ${Math.round(f.perSecond).toLocaleString('en')} | ${ms(f.mean)} | ${ms(f.p50)} | ${ms(f.p99)} |`;

async function main(): Promise<void> {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  console.log(await machine(serverUrl));
  const database = await createTestDatabase(serverUrl, 'gateway_rate_limit_bench', migrations);
  const dataSource = new DataSource({
    type: 'postgres',
    url: database.url,
    extra: { max: 10 },
  } as DataSourceOptions);
  await dataSource.initialize();
  try {
    const logger = pino({ level: 'silent' });
    const open = new SharedRateLimiter(1_000_000_000, dataSource, logger);
    const full = new SharedRateLimiter(1, dataSource, logger);
    await full.take('cl_full');
    const clients = Array.from({ length: 1_000 }, (_, i) => `cl_bench_${i}`);
    const lines = [
      `${REQUESTS.toLocaleString('en')} calls each after ${WARM_UP} to warm up; latency per call`,
      '',
      '| call | per second | mean | p50 | p99 |',
      '| --- | --- | --- | --- | --- |',
    ];
    const baseline1 = await measure(() => dataSource.query('SELECT 1'), 1);
    lines.push(row('`SELECT 1` (a round trip), one at a time', baseline1));
    const take1 = await measure(() => open.take('cl_one'), 1);
    lines.push(row('limiter, allowed, one client, one at a time', take1));
    const refused1 = await measure(() => full.take('cl_full'), 1);
    lines.push(row('limiter, refused (no write), one at a time', refused1));
    const baselineN = await measure(() => dataSource.query('SELECT 1'), CONCURRENCY);
    lines.push(row(`\`SELECT 1\`, ${CONCURRENCY} at a time`, baselineN));
    const hotN = await measure(() => open.take('cl_hot'), CONCURRENCY);
    lines.push(row(`limiter, allowed, one client (one row), ${CONCURRENCY} at a time`, hotN));
    const spreadN = await measure((i) => open.take(clients[i % clients.length]), CONCURRENCY);
    lines.push(row(`limiter, allowed, 1,000 clients, ${CONCURRENCY} at a time`, spreadN));
    const memory = new RateLimiter(1_000_000_000);
    const memoryStarted = performance.now();
    for (let i = 0; i < REQUESTS; i++) memory.take(clients[i % clients.length]);
    const memoryMean = (performance.now() - memoryStarted) / REQUESTS;
    lines.push(`| in-memory limiter (before; per instance), for reference | | ${ms(memoryMean)} | | |`);
    lines.push(
      '',
      `cost per request over a bare round trip, one at a time: ${ms(take1.mean - baseline1.mean)} ` +
        `(mean ${ms(take1.mean)} vs ${ms(baseline1.mean)}); ${CONCURRENCY} at a time on one client's row: ` +
        `${ms(hotN.mean - baselineN.mean)}`,
    );
    console.log(lines.join('\n'));
  } finally {
    await dataSource.destroy();
    await database.drop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
