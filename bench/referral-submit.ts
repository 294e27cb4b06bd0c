/**
 * `POST /v1/referrals` sustained through the gateway, side by side with what PostgreSQL alone commits
 * for the same writes (DESIGN.md §7: ≥ 50% of pgbench, p99 ≤ 50 ms, on one machine with the whole stack).
 *
 * 1. Starts the stack on the benchmark's own ports (bench/support/bench-stack.ts), sets up a clinic
 *    through the API: organization, clinician (practitioner + API client), a patient with a synthetic
 *    CNIC and a few case files.
 * 2. 8 concurrent clients (one keep-alive connection each) submit routine dermatology referrals to the
 *    pool on those case files, each with a fresh Idempotency-Key, back to back: 3 s warm-up, then 20 s
 *    measured (requests completed in the window; latency from sending to the end of the answer).
 * 3. Waits until every event is published and in the notifications inbox (so that nothing runs
 *    behind the next step), then runs pgbench in a scratch database migrated with the referrals
 *    migrations and the gateway's idempotency migration: 8 clients, one transaction inserting a
 *    referral, a history row, an outbox row and a completed idempotency record, the rows' contents
 *    copied from what the stack just wrote (same sizes); 3 s warm-up, 20 s measured.
 *
 *   npm run bench:submit      (BENCH_CLIENTS, BENCH_WARMUP_S, BENCH_DURATION_S, BENCH_CASE_FILES)
 *
 * Exits non-zero on errors (a non-201 answer, a failed pgbench transaction), not on a missed target.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { runWithStack, SERVICES, type BenchStack } from './support/bench-stack';
import type { CpuReading } from './support/cpu';
import { Http, ms, sleep, summarize, table, waitFor, type Summary } from './support/http';
import { closedLoop, type Sample } from './support/load';
import { machine } from './support/machine';
import { cpuPerOperation, pgbench, sampleRows } from './support/pgbench';
import { adminToken, setUpClinic } from './support/setup';
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 8);
const WARMUP_S = Number(process.env.BENCH_WARMUP_S ?? 3);
const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 20);
const CASE_FILES = Number(process.env.BENCH_CASE_FILES ?? 5);

interface LoadResult {
  stats: Summary;
  rps: number;
  samples: Sample[];
  errors: string[];
  cpu: CpuReading;
  /** Epoch milliseconds of the measured window. */
  window: [number, number];
}

async function loadStack(stack: BenchStack): Promise<LoadResult> {
  const http = new Http(stack.gateway, CLIENTS);
  const admin = await adminToken(http);
  const clinic = await setUpClinic(http, admin, CASE_FILES);
  console.log(`clinic set up: ${clinic.caseFileIds.length} case files of one patient`);

  const begin = performance.now();
  const measureFrom = begin + WARMUP_S * 1000;
  const measureTo = measureFrom + DURATION_S * 1000;
  const meter = await stack.cpuMeter();
  let cpuReading: Promise<CpuReading> | undefined;
  setTimeout(() => void meter.start(), measureFrom - performance.now());
  setTimeout(() => (cpuReading = meter.stop()), measureTo - performance.now());
  const samples = await closedLoop(http, clinic, CLIENTS, measureTo);
  const errors = samples.flatMap((s) => (s.error ? [s.error] : [])).slice(0, 5);
  http.close();
  while (!cpuReading) await sleep(10); // the window's end timer has fired

  const measured = samples.filter((s) => s.end >= measureFrom && s.end <= measureTo);
  const ok = measured.filter((s) => s.status === 201);
  return {
    stats: summarize(ok.map((s) => s.end - s.start)),
    rps: ok.length / DURATION_S,
    samples,
    errors,
    cpu: await cpuReading!,
    window: [performance.timeOrigin + measureFrom, performance.timeOrigin + measureTo],
  };
}

/**
 * How long the submissions of the window spent inside the referrals service and in the gateway as a
 * whole, from the services' own request logs (pino: `responseTime` per request id; the gateway forwards
 * its request id). Empty when the logs are not ours to read.
 */
function serviceTimes(stack: BenchStack, [from, to]: [number, number]) {
  const read = (service: string) => {
    try {
      return readFileSync(path.join(stack.stateDir, 'logs', `${service}.log`), 'utf8').split('\n');
    } catch {
      return [];
    }
  };
  const completed = (service: string) => {
    const submits = new Set<string>();
    const times = new Map<string, number>();
    for (const line of read(service)) {
      if (!line.includes('"reqId"')) continue;
      let entry: any;
      try {
        entry = JSON.parse(line);
      } catch {
        continue; // a line being written
      }
      if (entry.req?.method === 'POST' && entry.req?.url === '/v1/referrals') submits.add(entry.reqId);
      const at = Date.parse(entry.time);
      if (entry.msg === 'request completed' && entry.res?.statusCode === 201 && at >= from && at <= to) {
        times.set(entry.reqId, entry.responseTime);
      }
    }
    return new Map([...times].filter(([id]) => submits.has(id)));
  };
  const gateway = completed('gateway');
  const referrals = completed('referrals');
  return {
    gateway: summarize([...gateway.values()]),
    referrals: summarize([...referrals].filter(([id]) => gateway.has(id)).map(([, t]) => t)),
  };
}

/** Every referral's event published and handled by the notifications consumer: nothing left running behind. */
async function drain(stack: BenchStack, expected: number): Promise<number> {
  const referrals = await stack.database('referrals');
  const notifications = await stack.database('notifications');
  const began = performance.now();
  await waitFor(
    `${expected} inbox entries`,
    async () => {
      const pending = (
        await referrals.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`)
      ).rows[0].n;
      // Handled by the notifications consumer (its inbox table of the event platform): the rules
      // send a submission to the specialty's pool, which this benchmark leaves empty.
      const inbox = (
        await notifications.query(
          `SELECT count(*)::int AS n FROM inbox WHERE event_type = 'referral.submitted'`,
        )
      ).rows[0].n;
      return pending === 0 && inbox >= expected;
    },
    300_000,
    500,
  );
  return (performance.now() - began) / 1000;
}

/** The gateway's rate limit histogram (sum in seconds, count), read from its /metrics. */
async function rateLimitChecks(stack: BenchStack): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${stack.gateway}/metrics`)).text();
  const value = (name: string) =>
    Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    sum: value('gateway_rate_limit_check_seconds_sum'),
    count: value('gateway_rate_limit_check_seconds_count'),
  };
}

runWithStack(async (stack) => {
  const postgres = `PostgreSQL (${stack.prefix}* backends)`;
  console.log(await machine(stack.serverUrl));
  const before = (await (await stack.database('referrals')).query(`SELECT count(*)::int AS n FROM referral`))
    .rows[0].n;
  const limiterBefore = await rateLimitChecks(stack);
  const load = await loadStack(stack);
  const limiterAfter = await rateLimitChecks(stack);
  const limiterChecks = limiterAfter.count - limiterBefore.count;
  const limiterMeanMs = limiterChecks ? ((limiterAfter.sum - limiterBefore.sum) * 1000) / limiterChecks : 0;
  const statuses = new Map<number, number>();
  for (const s of load.samples) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
  const created = statuses.get(201) ?? 0;
  const errorCount = load.samples.length - created;

  const referrals = await stack.database('referrals');
  const stored = (await referrals.query(`SELECT count(*)::int AS n FROM referral`)).rows[0].n - before;
  const inside = serviceTimes(stack, load.window);
  const drained = await drain(stack, created + before);
  console.log(
    `events of ${created} referrals published and in the inbox ${drained.toFixed(1)} s after the load`,
  );

  const variables = await sampleRows(stack);
  const pg = await pgbench(stack, variables, { clients: CLIENTS, warmupS: WARMUP_S, durationS: DURATION_S });
  const ratio = load.rps / pg.tps;
  const ratioMet = ratio >= 0.5;
  const p99Met = load.stats.p99 <= 50;

  console.log(
    `\nPOST /v1/referrals through the gateway: ${CLIENTS} clients, ${DURATION_S} s after ${WARMUP_S} s warm-up`,
  );
  console.log(
    table([
      ['answers in the window (201)', load.stats.n],
      ['throughput', `${load.rps.toFixed(1)} req/s`],
      [
        'latency p50 / p95 / p99 / max',
        [load.stats.p50, load.stats.p95, load.stats.p99, load.stats.max].map(ms).join(' / '),
      ],
      [
        'errors (whole run, incl. warm-up)',
        `${errorCount} of ${load.samples.length}${errorCount ? ` ${JSON.stringify(Object.fromEntries(statuses))}` : ''}`,
      ],
      ['referral rows stored / 201 answers', `${stored} / ${created}`],
      [
        'shared rate limit check per request (gateway /metrics)',
        `mean ${limiterMeanMs.toFixed(3)} ms over ${limiterChecks} checks (${((limiterMeanMs / load.stats.p50) * 100).toFixed(1)}% of the p50)`,
      ],
      ...(inside.gateway.n
        ? ([
            ['in the gateway (its log) p50 / p99', `${ms(inside.gateway.p50)} / ${ms(inside.gateway.p99)}`],
            ['of which in referrals p50 / p99', `${ms(inside.referrals.p50)} / ${ms(inside.referrals.p99)}`],
          ] as [string, string][])
        : []),
    ]),
  );
  console.log(`  ${load.cpu.line}`);
  const perSubmission = cpuPerOperation(load.cpu, load.rps, [...SERVICES, postgres, 'Kafka']);
  console.log(
    `  CPU per submission: ${perSubmission.line} → at most ~${(availableParallelism() / perSubmission.seconds).toFixed(0)} req/s with all ${availableParallelism()} CPUs to itself`,
  );
  console.log(
    `PostgreSQL alone (pgbench ${CLIENTS} clients, ${DURATION_S} s: referral + history + outbox + idempotency record per transaction)`,
  );
  console.log(
    table([
      ['transactions', pg.processed],
      ['throughput', `${pg.tps.toFixed(1)} tps`],
      [
        'latency p50 / p95 / p99 / max',
        [pg.stats.p50, pg.stats.p95, pg.stats.p99, pg.stats.max].map(ms).join(' / '),
      ],
      ['failed transactions', pg.failed],
    ]),
  );
  console.log(`  ${pg.cpu.line}`);
  console.log(`  CPU per transaction: ${cpuPerOperation(pg.cpu, pg.tps, [postgres, 'pgbench']).line}`);
  console.log('Targets (DESIGN.md §7)');
  console.log(
    table([
      ['stack ≥ 50% of pgbench', `${(ratio * 100).toFixed(1)}% — ${ratioMet ? 'met' : 'MISSED'}`],
      ['p99 ≤ 50 ms', `${ms(load.stats.p99)} — ${p99Met ? 'met' : 'MISSED'}`],
    ]),
  );
  for (const error of load.errors) console.log(`  error: ${error}`);
  return errorCount > 0 || pg.failed > 0 || stored !== created ? 1 : 0;
});
