/**
 * The claim race of the stack benchmarks (bench:claims, bench:referrals): specialists reading the
 * pool queue and claiming what they see, as fast as they can.
 */
import { performance } from 'node:perf_hooks';
import type { Client } from 'pg';
import { sleep, summarize, type Http } from './http';
import type { BenchClient } from './setup';

const PAGE = 100;
const RACE_TIMEOUT_MS = 600_000;

export function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

export interface QueueItem {
  referralId: string;
  specialtyCode: string;
}

export interface RaceTally {
  wins: { specialist: string; referralId: string; holder: string | null }[];
  lost: number;
  atCapacity: number;
  other: Map<string, number>;
  queueReads: number;
  claimTimes: number[];
}

export const isCapacityProblem = (body: any) =>
  typeof body === 'object' &&
  /capacity/i.test(`${body?.code ?? ''} ${body?.type ?? ''} ${body?.title ?? ''}`);

/**
 * All `specialists` race for the pool cases of `specialtyCode` among `ours`: each reads
 * `GET /v1/queue?specialty=…&limit=100`, shuffles the page and claims every item (200 = won, 409 =
 * lost, or at capacity: out of the race), and reads the queue again until it is empty twice.
 */
export async function race(
  http: Http,
  specialists: BenchClient[],
  ours: Set<string>,
  specialtyCode = 'dermatology',
  timeoutMs = RACE_TIMEOUT_MS,
): Promise<RaceTally> {
  const tally: RaceTally = {
    wins: [],
    lost: 0,
    atCapacity: 0,
    other: new Map(),
    queueReads: 0,
    claimTimes: [],
  };
  const countOther = (what: string) => tally.other.set(what, (tally.other.get(what) ?? 0) + 1);
  const deadline = performance.now() + timeoutMs;
  await Promise.all(
    specialists.map(async (specialist) => {
      let emptyReads = 0;
      while (performance.now() < deadline) {
        const page = await http.call<{ items: QueueItem[] }>(
          'GET',
          `/v1/queue?specialty=${specialtyCode}&limit=${PAGE}`,
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

/**
 * What the referrals database holds after a race over `ids`: every case held (received/claimed) by
 * exactly one specialist, the one who got the 200 (and whom its body names); one claim history entry
 * and one `referral.claimed` event per case; nobody over their role's maxOpenCases.
 */
export async function claimChecks(
  referralsDb: Client,
  ids: string[],
  practitionerIds: string[],
  tally: RaceTally,
  specialtyCode: string,
) {
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
                WHERE r.practitioner_id = f.holder_practitioner_id AND r.specialty_code = $2 AND r.active) AS max
         FROM referral f
        WHERE f.holder_practitioner_id = ANY($1::uuid[]) AND f.status IN ('received', 'in-progress', 'on-hold')
        GROUP BY 1`,
      [practitionerIds, specialtyCode],
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
    ['every case held (received/claimed)', heldByOne === ids.length, `${heldByOne} of ${ids.length}`],
    ['exactly one specialist got 200 per case', oneWinner === ids.length, `${oneWinner} of ${ids.length}`],
    ['distinct (case, winner) 200s = cases', distinctWins === ids.length, `${distinctWins}`],
    [
      'that winner is the holder in the database',
      winnerIsHolder === ids.length,
      `${winnerIsHolder} of ${ids.length}`,
    ],
    [
      'the 200 body names the winner as holder',
      bodyNamesWinner === tally.wins.length,
      `${bodyNamesWinner} of ${tally.wins.length}`,
    ],
    ['one claim history entry per case', oneHistory === ids.length, `${oneHistory} of ${ids.length}`],
    ['one referral.claimed event per case', oneEvent === ids.length, `${oneEvent} of ${ids.length}`],
    ['nobody over maxOpenCases', overCapacity.length === 0, `${overCapacity.length} over`],
  ];
  return { checks, perSpecialist, held, claims, distinctWins };
}
