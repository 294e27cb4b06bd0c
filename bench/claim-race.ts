/**
 * The claim race (DESIGN.md §7: 50 specialists, 1,000 pool cases, every case held by exactly one).
 *
 * Starts the stack on the benchmark's own ports (bench/support/bench-stack.ts), then through the API:
 * a hospital and 50 specialists in the directory (practitioners with a valid licence, each a
 * `dermatology` role at the hospital with maxOpenCases 100), an API client of role `specialist` for
 * each; waits until the referrals service's projection of the directory knows all 50; a clinic
 * submits 1,000 routine dermatology referrals to the pool (8 at a time, each on a real case file of
 * the clinic). Then all 50 specialists race: each reads `GET /v1/queue?specialty=dermatology&limit=100`,
 * shuffles the page and `POST /v1/referrals/{id}/claim`s every item (200 = won, 409 = lost, or at
 * capacity), and reads the queue again until it is empty.
 *
 * Checked afterwards in the referrals database: every case is held (status received, stage claimed)
 * by exactly one specialist, that holder is the one specialist who got a 200 for it (a repeated claim
 * by the holder answers 200 too: distinct winners per referral are counted) and the one the 200's body
 * names; one `claim` history entry and one `referral.claimed` outbox event per case; no specialist
 * holds more open cases than their role's maxOpenCases.
 *
 *   npm run bench:claims     (BENCH_SPECIALISTS, BENCH_REFERRALS, BENCH_MAX_OPEN_CASES)
 *
 * Exits 1 when a check fails or on errors, 2 when the queue or claim endpoint is not served.
 */
import { performance } from 'node:perf_hooks';
import { runWithStack } from './support/bench-stack';
import { Http, ms, table, waitFor } from './support/http';
import { machine } from './support/machine';
import { claimChecks, race } from './support/claims';
import {
  adminToken,
  createOrganization,
  idempotencyKey,
  inParallel,
  referralBody,
  setUpClinic,
  setUpSpecialists,
} from './support/setup';

const SPECIALISTS = Number(process.env.BENCH_SPECIALISTS ?? 50);
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 1000);
const MAX_OPEN_CASES = Number(process.env.BENCH_MAX_OPEN_CASES ?? 100);
const SUBMITTERS = 8;

runWithStack(async (stack) => {
  console.log(await machine(stack.serverUrl));
  const http = new Http(stack.gateway, SPECIALISTS + 8);
  const admin = await adminToken(http);
  const referralsDb = await stack.database('referrals');

  // The specialists: directory entries, roles, API clients.
  let began = performance.now();
  const hospital = await createOrganization(http, admin, 'hospital', 'Bench Teaching Hospital (synthetic)');
  const specialists = await setUpSpecialists(
    http,
    admin,
    hospital,
    SPECIALISTS,
    'dermatology',
    MAX_OPEN_CASES,
  );
  const practitionerIds = specialists.map((s) => s.practitionerId);
  await waitFor(
    `the referrals projection to know the ${SPECIALISTS} specialists`,
    async () =>
      (
        await referralsDb.query<{ n: number }>(
          `SELECT count(DISTINCT s.practitioner_id)::int AS n
             FROM specialist s JOIN specialist_role r ON r.practitioner_id = s.practitioner_id
            WHERE s.practitioner_id = ANY($1::uuid[]) AND s.active AND r.active
              AND r.specialty_code = 'dermatology' AND r.max_open_cases = $2`,
          [practitionerIds, MAX_OPEN_CASES],
        )
      ).rows[0].n === SPECIALISTS,
    120_000,
  );
  console.log(
    `${SPECIALISTS} specialists registered (dermatology, maxOpenCases ${MAX_OPEN_CASES}) and projected in referrals in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );

  // The pool: 1,000 referrals of one clinic, on its real case files.
  began = performance.now();
  const clinic = await setUpClinic(http, admin, 20);
  const submitErrors: string[] = [];
  const submitted = await inParallel(
    Array.from({ length: REFERRALS }, (_, i) => i),
    SUBMITTERS,
    async (i) => {
      const answer = await http.call('POST', '/v1/referrals', {
        token: clinic.clinician.token,
        headers: idempotencyKey(),
        body: referralBody(clinic.caseFileIds[i % clinic.caseFileIds.length]),
      });
      if (answer.status !== 201) {
        submitErrors.push(`${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`);
        return null;
      }
      return answer.body.id as string;
    },
  );
  if (submitErrors.length)
    throw new Error(`${submitErrors.length} submissions failed, first: ${submitErrors[0]}`);
  const ids = submitted as string[];
  const ours = new Set(ids);
  console.log(
    `${REFERRALS} referrals submitted to the dermatology pool in ${((performance.now() - began) / 1000).toFixed(1)} s`,
  );

  // Are the endpoints of the race served (they come with the referrals workflow)?
  const probe = await http.call('GET', '/v1/queue?specialty=dermatology&limit=1', {
    token: specialists[0].token,
  });
  if (probe.status !== 200) {
    console.log(
      `\nGET /v1/queue answers ${probe.status} ${JSON.stringify(probe.body).slice(0, 200)}:` +
        ' the queue is not served by this stack, so the race cannot run. Setup only: done.',
    );
    http.close();
    return probe.status === 404 ? 2 : 1;
  }

  const meter = await stack.cpuMeter();
  await meter.start();
  began = performance.now();
  const tally = await race(http, specialists, ours);
  const wallSeconds = (performance.now() - began) / 1000;
  const cpu = await meter.stop();
  http.close();

  const { checks, perSpecialist, held, claims, distinctWins } = await claimChecks(
    referralsDb,
    ids,
    practitionerIds,
    tally,
    'dermatology',
  );
  const claimsSent = tally.claimTimes.length;
  console.log(`\nClaim race: ${SPECIALISTS} specialists, ${REFERRALS} pool cases`);
  console.log(
    table([
      ['wall time', `${wallSeconds.toFixed(1)} s`],
      ['queue reads', tally.queueReads],
      ['claims sent', `${claimsSent} (${(claimsSent / wallSeconds).toFixed(0)}/s)`],
      ['200 won (distinct per case)', `${tally.wins.length} (${distinctWins})`],
      ['409 lost / 409 at capacity', `${tally.lost} / ${tally.atCapacity}`],
      ['other answers', tally.other.size ? JSON.stringify(Object.fromEntries(tally.other)) : 'none'],
      [
        'claim latency p50 / p95 / p99 / max',
        [claims.p50, claims.p95, claims.p99, claims.max].map(ms).join(' / '),
      ],
      [
        'cases held per specialist min / p50 / max',
        `${Math.min(...perSpecialist.values())} / ${held.p50} / ${held.max}`,
      ],
    ]),
  );
  console.log(`  ${cpu.line}`);
  console.log('Checks');
  console.log(table(checks.map(([what, ok, detail]) => [what, `${ok ? 'ok' : 'FAILED'} (${detail})`])));
  const passed = checks.every(([, ok]) => ok) && tally.other.size === 0;
  console.log(`Target "every case held by exactly one" (DESIGN.md §7): ${passed ? 'met' : 'MISSED'}`);
  return passed ? 0 : 1;
});
