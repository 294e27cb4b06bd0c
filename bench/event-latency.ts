/**
 * Event latency from a submitted referral to its inbox entry in notifications (DESIGN.md §7:
 * p99 ≤ 250 ms, whole stack on one machine).
 *
 * Starts the stack on the benchmark's own ports (bench/support/bench-stack.ts), sets up a clinic
 * through the API, warms the path up (20 referrals, waiting for their inbox entries), then submits 300
 * routine dermatology referrals at a steady 20 per second (open loop: each sent on its schedule,
 * whether or not the previous one has answered). The notifications service turns each
 * `referral.submitted` into an inbox entry for every specialist of the pool — here one dermatologist
 * registered in the directory (apps/notifications/src/dispatch/notify-referral-change.handler.ts, the rules
 * in apps/notifications/src/rules). Once all are there, it reads from the services' databases (both on
 * the same PostgreSQL, so one clock):
 *
 * - t0 = `referral.created_at` (now() of the submitting transaction, µs),
 * - t1 = `notification.created_at` of the specialist's entry (now() of the consumer's transaction),
 * - and, to see where the time goes, when the outbox relay took the event (`outbox.published_at`, now()
 *   of the relay's batch transaction, which then sends to Kafka) and when the client had the 201.
 *
 *   npm run bench:events      (BENCH_REFERRALS, BENCH_RATE)
 *
 * Exits non-zero on errors (a non-201 answer, an inbox entry missing or duplicated), not on a missed target.
 */
import { runWithStack } from './support/bench-stack';
import { Http, ms, sleep, summarize, table, waitFor, type Summary } from './support/http';
import { epochOf, openLoop } from './support/load';
import { machine } from './support/machine';
import {
  addRole,
  adminToken,
  createOrganization,
  createPractitioner,
  setUpClinic,
  type Clinic,
} from './support/setup';

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 300);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const WARMUP = 20;

interface Submitted {
  id: string;
  /** Epoch ms (fractional) when the 201 was in. */
  answeredAt: number;
}

/** Submits `count` referrals at `rate` per second (open loop); the 201s' referral ids and times, and the errors. */
async function submitAtRate(http: Http, clinic: Clinic, count: number, rate: number) {
  const { samples, seconds } = await openLoop(http, clinic, rate, count);
  const submitted: Submitted[] = samples
    .filter((s) => s.status === 201)
    .map((s) => ({ id: s.id!, answeredAt: epochOf(s.end) }));
  const errors = samples.flatMap((s) => (s.error ? [s.error] : []));
  return { submitted, errors, seconds };
}

const row = (label: string, s: Summary): [string, string] => [
  label,
  [s.p50, s.p95, s.p99, s.max].map(ms).join(' / '),
];

runWithStack(async (stack) => {
  console.log(await machine(stack.serverUrl));
  const http = new Http(stack.gateway, 32);
  const admin = await adminToken(http);
  const clinic = await setUpClinic(http, admin, 3);
  // The pool: one dermatologist, whom every submission reaches.
  const hospital = await createOrganization(http, admin, 'hospital', 'Bench Teaching Hospital (synthetic)');
  const dermatologist = await createPractitioner(
    http,
    admin,
    hospital,
    'Dr. Bench Dermatologist (synthetic)',
  );
  await addRole(http, admin, dermatologist, hospital, 'dermatology', 100);
  const referrals = await stack.database('referrals');
  const notifications = await stack.database('notifications');

  const entries = async (ids: string[]) =>
    (
      await notifications.query<{ referral_id: string; n: number; at: number }>(
        `SELECT referral_id, count(*)::int AS n, extract(epoch FROM min(created_at))::float8 * 1000 AS at
           FROM notification
          WHERE referral_id = ANY($1::uuid[]) AND type = 'referral.submitted' AND recipient_practitioner_id = $2
          GROUP BY referral_id`,
        [ids, dermatologist],
      )
    ).rows;

  // The dermatologist reaches the notifications projection over Kafka: probe until a submission reaches them.
  await waitFor(
    'the dermatologist in the notifications projection',
    async () => {
      const probe = await submitAtRate(http, clinic, 1, RATE);
      await sleep(500);
      return (await entries(probe.submitted.map((s) => s.id))).length === 1;
    },
    60_000,
  );

  // Warm-up: the consumer has joined its group, the JITs have run, the pools are open.
  const warm = await submitAtRate(http, clinic, WARMUP, RATE);
  if (warm.errors.length) throw new Error(`warm-up failed: ${warm.errors[0]}`);
  await waitFor(
    'the warm-up inbox entries',
    async () => (await entries(warm.submitted.map((s) => s.id))).length === WARMUP,
    60_000,
  );
  await sleep(1000);

  const meter = await stack.cpuMeter();
  await meter.start();
  const run = await submitAtRate(http, clinic, REFERRALS, RATE);
  const ids = run.submitted.map((s) => s.id);
  let found: Awaited<ReturnType<typeof entries>> = [];
  await waitFor(
    `${ids.length} inbox entries`,
    async () => (found = await entries(ids)).length === ids.length,
    120_000,
    100,
  ).catch((error) => console.error(String(error)));
  const cpu = await meter.stop();
  http.close();

  const created = new Map(
    (
      await referrals.query<{ id: string; created: number; relayed: number | null }>(
        `SELECT r.id, extract(epoch FROM r.created_at)::float8 * 1000 AS created,
                extract(epoch FROM o.published_at)::float8 * 1000 AS relayed
           FROM referral r
           JOIN outbox o ON o.key = r.id::text AND o.type = 'referral.submitted'
          WHERE r.id = ANY($1::uuid[])`,
        [ids],
      )
    ).rows.map((r) => [r.id, r]),
  );
  const answered = new Map(run.submitted.map((s) => [s.id, s.answeredAt]));
  const endToEnd: number[] = [];
  const fromAnswer: number[] = [];
  const toRelay: number[] = [];
  const relayToInbox: number[] = [];
  for (const entry of found) {
    const referral = created.get(entry.referral_id)!;
    endToEnd.push(entry.at - referral.created);
    fromAnswer.push(entry.at - answered.get(entry.referral_id)!);
    if (referral.relayed !== null) {
      toRelay.push(referral.relayed - referral.created);
      relayToInbox.push(entry.at - referral.relayed);
    }
  }
  const latency = summarize(endToEnd);
  const duplicated = found.filter((e) => e.n > 1).length;
  const missing = ids.length - found.length;
  const met = latency.p99 <= 250;

  console.log(
    `\nreferral.submitted → the pool specialist's inbox entry: ${ids.length} referrals at ${RATE}/s (sent over ${run.seconds.toFixed(1)} s)`,
  );
  console.log(
    table([
      ['', 'p50 / p95 / p99 / max'],
      row('referral created → inbox entry (DB clocks)', latency),
      row('  referral created → outbox relay batch', summarize(toRelay)),
      row('  outbox relay batch → inbox entry', summarize(relayToInbox)),
      row('201 at the client → inbox entry', summarize(fromAnswer)),
      ['submissions answered 201 / errors', `${run.submitted.length} / ${run.errors.length}`],
      ['inbox entries missing / duplicated', `${missing} / ${duplicated}`],
    ]),
  );
  console.log(`  ${cpu.line}`);
  console.log(`Target p99 ≤ 250 ms (DESIGN.md §7): ${ms(latency.p99)} — ${met ? 'met' : 'MISSED'}`);
  for (const error of run.errors.slice(0, 5)) console.log(`  error: ${error}`);
  return run.errors.length || missing || duplicated ? 1 : 0;
});
