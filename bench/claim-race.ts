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
import { Http, ms, sleep, summarize, table, waitFor } from './support/http';
import { machine } from './support/machine';
import {
  addRole,
  adminToken,
  createOrganization,
  createPractitioner,
  idempotencyKey,
  referralBody,
  registerClient,
  setUpClinic,
  type BenchClient,
} from './support/setup';

const SPECIALISTS = Number(process.env.BENCH_SPECIALISTS ?? 50);
const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 1000);
const MAX_OPEN_CASES = Number(process.env.BENCH_MAX_OPEN_CASES ?? 100);
const SUBMITTERS = 8;
const PAGE = 100;
const RACE_TIMEOUT_MS = 600_000;

/** Runs `work` over `items` with at most `concurrency` at a time. */
async function pool<T, R>(items: T[], concurrency: number, work: (item: T, index: number) => Promise<R>) {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await work(items[index], index);
      }
    }),
  );
  return results;
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

interface QueueItem {
  referralId: string;
  specialtyCode: string;
}

interface RaceTally {
  wins: { specialist: string; referralId: string; holder: string | null }[];
  lost: number;
  atCapacity: number;
  other: Map<string, number>;
  queueReads: number;
  claimTimes: number[];
}

const isCapacityProblem = (body: any) =>
  typeof body === 'object' &&
  /capacity/i.test(`${body?.code ?? ''} ${body?.type ?? ''} ${body?.title ?? ''}`);

async function race(http: Http, specialists: BenchClient[], ours: Set<string>): Promise<RaceTally> {
  const tally: RaceTally = {
    wins: [],
    lost: 0,
    atCapacity: 0,
    other: new Map(),
    queueReads: 0,
    claimTimes: [],
  };
  const countOther = (what: string) => tally.other.set(what, (tally.other.get(what) ?? 0) + 1);
  const deadline = performance.now() + RACE_TIMEOUT_MS;
  await Promise.all(
    specialists.map(async (specialist) => {
      let emptyReads = 0;
      while (performance.now() < deadline) {
        const page = await http.call<{ items: QueueItem[] }>(
          'GET',
          `/v1/queue?specialty=dermatology&limit=${PAGE}`,
          {
            token: specialist.token,
          },
        );
        tally.queueReads++;
        if (page.status !== 200) {
          countOther(`queue ${page.status}`);
          await sleep(100);
          continue;
        }
        const items = page.body.items.filter((item) => ours.has(item.referralId));
        if (items.length === 0) {
          // Empty twice in a row, a moment apart: the pool is drained (claims only take cases out).
          if (++emptyReads >= 2) return;
          await sleep(50);
          continue;
        }
        emptyReads = 0;
        for (const item of shuffle(items)) {
          const claim = await http.call('POST', `/v1/referrals/${item.referralId}/claim`, {
            token: specialist.token,
          });
          tally.claimTimes.push(claim.ms);
          if (claim.status === 200) {
            tally.wins.push({
              specialist: specialist.practitionerId,
              referralId: item.referralId,
              holder: claim.body?.holderPractitionerId ?? null,
            });
          } else if (claim.status === 409 && isCapacityProblem(claim.body)) {
            tally.atCapacity++;
            return; // this specialist is full: out of the race
          } else if (claim.status === 409) {
            tally.lost++;
          } else {
            countOther(`claim ${claim.status}`);
          }
        }
      }
      countOther('specialist timed out');
    }),
  );
  return tally;
}

runWithStack(async (stack) => {
  console.log(await machine(stack.serverUrl));
  const http = new Http(stack.gateway, SPECIALISTS + 8);
  const admin = await adminToken(http);
  const referralsDb = await stack.database('referrals');

  // The specialists: directory entries, roles, API clients.
  let began = performance.now();
  const hospital = await createOrganization(http, admin, 'hospital', 'Bench Teaching Hospital (synthetic)');
  const specialists = await pool(
    Array.from({ length: SPECIALISTS }, (_, i) => i),
    5,
    async (i) => {
      const name = `Dr. Bench Dermatologist ${i + 1} (synthetic)`;
      const practitionerId = await createPractitioner(http, admin, hospital, name);
      await addRole(http, admin, practitionerId, hospital, 'dermatology', MAX_OPEN_CASES);
      return registerClient(
        http,
        admin,
        ['specialist'],
        hospital,
        practitionerId,
        `bench specialist ${i + 1}`,
      );
    },
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
  const submitted = await pool(
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

  // What the referrals database holds now.
  const rows = (
    await referralsDb.query<{ id: string; status: string; stage: string; holder: string | null }>(
      `SELECT id, status, stage, holder_practitioner_id AS holder FROM referral WHERE id = ANY($1::uuid[])`,
      [ids],
    )
  ).rows;
  const countsOf = async (sql: string) =>
    new Map(
      (await referralsDb.query<{ id: string; n: number }>(sql, [ids])).rows.map((r) => [r.id, r.n] as const),
    );
  const claimHistory = await countsOf(
    `SELECT referral_id::text AS id, count(*)::int AS n FROM referral_history
      WHERE referral_id = ANY($1::uuid[]) AND action = 'claim' GROUP BY 1`,
  );
  const claimedEvents = await countsOf(
    `SELECT key AS id, count(*)::int AS n FROM outbox
      WHERE key = ANY($1::text[]) AND type = 'referral.claimed' GROUP BY 1`,
  );
  const overCapacity = (
    await referralsDb.query<{ holder: string; open: number; max: number }>(
      `SELECT f.holder_practitioner_id AS holder, count(*)::int AS open,
              (SELECT max(r.max_open_cases) FROM specialist_role r
                WHERE r.practitioner_id = f.holder_practitioner_id AND r.specialty_code = 'dermatology' AND r.active) AS max
         FROM referral f
        WHERE f.holder_practitioner_id = ANY($1::uuid[]) AND f.status IN ('received', 'in-progress', 'on-hold')
        GROUP BY 1`,
      [practitionerIds],
    )
  ).rows.filter((r) => r.max === null || r.open > r.max);

  const winners = new Map<string, Set<string>>();
  for (const win of tally.wins) {
    if (!winners.has(win.referralId)) winners.set(win.referralId, new Set());
    winners.get(win.referralId)!.add(win.specialist);
  }
  const heldByOne = rows.filter((r) => r.holder && r.status === 'received' && r.stage === 'claimed').length;
  const oneWinner = ids.filter((id) => winners.get(id)?.size === 1).length;
  const winnerIsHolder = rows.filter((r) => {
    const set = winners.get(r.id);
    return set?.size === 1 && set.has(r.holder ?? '');
  }).length;
  const bodyNamesWinner = tally.wins.filter((w) => w.holder === w.specialist).length;
  const oneHistory = ids.filter((id) => claimHistory.get(id) === 1).length;
  const oneEvent = ids.filter((id) => claimedEvents.get(id) === 1).length;
  const distinctWins = [...winners.values()].reduce((sum, set) => sum + set.size, 0);

  const perSpecialist = new Map(practitionerIds.map((id) => [id, 0]));
  for (const row of rows)
    if (row.holder && perSpecialist.has(row.holder))
      perSpecialist.set(row.holder, perSpecialist.get(row.holder)! + 1);
  const held = summarize([...perSpecialist.values()]);
  const claims = summarize(tally.claimTimes);

  const checks: [string, boolean, string][] = [
    ['every case held (received/claimed)', heldByOne === REFERRALS, `${heldByOne} of ${REFERRALS}`],
    ['exactly one specialist got 200 per case', oneWinner === REFERRALS, `${oneWinner} of ${REFERRALS}`],
    ['distinct (case, winner) 200s = cases', distinctWins === REFERRALS, `${distinctWins}`],
    [
      'that winner is the holder in the database',
      winnerIsHolder === REFERRALS,
      `${winnerIsHolder} of ${REFERRALS}`,
    ],
    [
      'the 200 body names the winner as holder',
      bodyNamesWinner === tally.wins.length,
      `${bodyNamesWinner} of ${tally.wins.length}`,
    ],
    ['one claim history entry per case', oneHistory === REFERRALS, `${oneHistory} of ${REFERRALS}`],
    ['one referral.claimed event per case', oneEvent === REFERRALS, `${oneEvent} of ${REFERRALS}`],
    ['nobody over maxOpenCases', overCapacity.length === 0, `${overCapacity.length} over`],
  ];
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
