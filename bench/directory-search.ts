/**
 * The eligible-specialist query at scale (DESIGN.md §7: p99 ≤ 10 ms at 100,000 practitioner roles).
 *
 * Creates a fresh directory database (migrated like the service's), loads 70,000 practitioners with
 * 100,000 roles in bulk SQL, ANALYZEs, then runs the service's own search SQL 2,000 times with a random
 * specialty, language and minute of the week, and prints p50/p95/p99 and row counts.
 *
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:directory
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import { createTestDatabase } from '@referral/testing';
import { migrations } from '../apps/directory/src/migrations';
import { karachiDate } from '@referral/contracts';
import { eligibleSearchQuery } from '../apps/directory/src/practitioners/eligible-search.query';

const ROLES = 100_000;
const PRACTITIONERS = 70_000;
const ORGANIZATIONS = 200;
const QUERIES = 2_000;
const WARM_UP = 200;
const PAGE = 20;

/** Roughly how referrals spread over specialties: common ones weigh more. */
const SPECIALTIES: [string, number][] = [
  ['internal-medicine', 14],
  ['paediatrics', 12],
  ['gynaecology-obstetrics', 11],
  ['dermatology', 9],
  ['cardiology', 7],
  ['general-surgery', 7],
  ['orthopaedics', 6],
  ['psychiatry', 5],
  ['ophthalmology', 5],
  ['ent', 5],
  ['endocrinology', 4],
  ['pulmonology', 4],
  ['gastroenterology', 4],
  ['neurology', 3],
  ['nephrology', 2],
  ['radiology', 1],
  ['pathology', 1],
];
/** Share of practitioners speaking each language; searches ask for them in about the same proportion. */
const LANGUAGES: [string, number][] = [
  ['ur', 0.92],
  ['en', 0.7],
  ['pa', 0.35],
  ['pnb', 0.1],
  ['sd', 0.15],
  ['ps', 0.12],
  ['skr', 0.06],
  ['bal', 0.04],
  ['bra', 0.02],
];

function weighted<T>(items: [T, number][], random = Math.random()): T {
  const total = items.reduce((sum, [, weight]) => sum + weight, 0);
  let point = random * total;
  for (const [item, weight] of items) {
    point -= weight;
    if (point < 0) return item;
  }
  return items[items.length - 1][0];
}

async function load(client: Client): Promise<void> {
  await client.query('SELECT setseed(0.42)');
  await client.query(
    `INSERT INTO organization (id, name, kind, district, province)
     SELECT ('00000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'Bench organization ' || g,
            (ARRAY['clinic', 'hospital', 'partner'])[1 + g % 3], 'District ' || g,
            (ARRAY['punjab', 'sindh', 'khyber-pakhtunkhwa', 'balochistan', 'islamabad'])[1 + g % 5]
       FROM generate_series(0, $1 - 1) g`,
    [ORGANIZATIONS],
  );
  const languages = LANGUAGES.map(([code, share]) => `CASE WHEN random() < ${share} THEN '${code}' END`);
  // 8% expired licences, 3% inactive practitioners.
  await client.query(
    `INSERT INTO practitioner (id, name, pmdc_number, licence_type, licence_expires_on, phone, languages,
                               organization_id, active)
     SELECT ('10000000-0000-4000-8000-' || lpad(g::text, 12, '0'))::uuid, 'Dr. Bench ' || g, 'BENCH-' || g,
            CASE WHEN random() < 0.2 THEN 'provisional' ELSE 'full' END,
            CASE WHEN random() < 0.08 THEN current_date - (1 + (random() * 700)::int)
                 ELSE current_date + (30 + (random() * 1500)::int) END,
            '+923' || lpad(g::text, 9, '0'),
            array_remove(ARRAY[${languages.join(', ')}]::text[], NULL),
            ('00000000-0000-4000-8000-' || lpad((g % $2)::text, 12, '0'))::uuid,
            random() > 0.03
       FROM generate_series(0, $1 - 1) g`,
    [PRACTITIONERS, ORGANIZATIONS],
  );
  // Specialty by weight; 30% of roles always available, the others 0–7 windows a week of 2–6 h
  // between 08:00 and 24:00; 5% of roles inactive. Search columns copied as the service does.
  const cumulative: string[] = [];
  let sum = 0;
  const total = SPECIALTIES.reduce((s, [, w]) => s + w, 0);
  for (const [code, weight] of SPECIALTIES) {
    sum += weight;
    cumulative.push(`WHEN pick < ${sum / total} THEN '${code}'`);
  }
  // A practitioner's second role may draw a specialty they hold already: top up until there are ROLES.
  for (let offset = 0, missing = ROLES; missing > 0; offset += ROLES) {
    await client.query(
      `INSERT INTO practitioner_role (id, practitioner_id, specialty_code, organization_id, max_open_cases,
                                    active, availability, languages, licence_expires_on, practitioner_active,
                                    available_minutes)
     SELECT gen_random_uuid(), p.id, r.specialty, p.organization_id, 1 + (random() * 14)::int, random() > 0.05,
            coalesce(w.availability, '[]'), p.languages, p.licence_expires_on, p.active, w.minutes
       FROM (SELECT i, CASE ${cumulative.join(' ')} ELSE 'pathology' END AS specialty
               FROM (SELECT i, random() AS pick FROM generate_series($3::int, $3::int + $1 - 1) i) picked) r
       JOIN practitioner p ON p.pmdc_number = 'BENCH-' || (r.i % $2)
       LEFT JOIN LATERAL (
         SELECT jsonb_agg(jsonb_build_object(
                  'day', (ARRAY['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'])[d + 1],
                  'start', lpad(s::text, 2, '0') || ':00',
                  'end', lpad(least(s + len, 24)::text, 2, '0') || ':00') ORDER BY d) AS availability,
                range_agg(int4range(d * 1440 + s * 60, d * 1440 + least(s + len, 24) * 60)) AS minutes
           FROM (SELECT d, 8 + (random() * 12)::int AS s, 2 + (random() * 4)::int AS len
                   FROM generate_series(0, 6) d
                  WHERE r.i % 10 >= 3 AND random() < 0.5) windows
       ) w ON true
     ON CONFLICT ON CONSTRAINT practitioner_role_unique DO NOTHING`,
      [missing, PRACTITIONERS, offset],
    );
    missing = ROLES - Number((await client.query('SELECT count(*) AS n FROM practitioner_role')).rows[0].n);
  }
  await client.query('VACUUM ANALYZE organization');
  await client.query('VACUUM ANALYZE practitioner');
  await client.query('VACUUM ANALYZE practitioner_role');
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

function randomSearch(today: string) {
  return eligibleSearchQuery({
    specialtyCode: weighted(SPECIALTIES),
    language: Math.random() < 0.85 ? weighted(LANGUAGES) : undefined,
    availableAt: Math.floor(Math.random() * 10_080),
    today,
    limit: PAGE + 1,
  });
}

async function main() {
  const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const database = await createTestDatabase(serverUrl, 'directory_bench', migrations);
  const client = new Client({ connectionString: database.url });
  await client.connect();
  try {
    let started = performance.now();
    await load(client);
    const [{ roles, eligible }] = (
      await client.query(
        `SELECT count(*)::int AS roles,
                count(*) FILTER (WHERE active AND practitioner_active AND licence_expires_on >= current_date)::int
                  AS eligible
           FROM practitioner_role`,
      )
    ).rows;
    console.log(
      `loaded ${roles} roles (${eligible} active with a valid licence) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );

    const today = karachiDate(new Date());
    const plan = randomSearch(today);
    const explained = await client.query(`EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) ${plan.text}`, plan.values);
    console.log('plan of one search:\n' + explained.rows.map((r) => `  ${r['QUERY PLAN']}`).join('\n'));

    for (let i = 0; i < WARM_UP; i++) {
      const { text, values } = randomSearch(today);
      await client.query(text, values);
    }
    const times: number[] = [];
    const counts: number[] = [];
    started = performance.now();
    for (let i = 0; i < QUERIES; i++) {
      const { text, values } = randomSearch(today);
      const t0 = performance.now();
      const { rowCount } = await client.query(text, values);
      times.push(performance.now() - t0);
      counts.push(Math.min(rowCount ?? 0, PAGE));
    }
    const elapsed = performance.now() - started;
    times.sort((a, b) => a - b);
    const ms = (value: number) => value.toFixed(2);
    console.log(
      `${QUERIES} searches (random specialty, language in 85%, minute of the week; page of ${PAGE}) in ${(elapsed / 1000).toFixed(1)} s`,
    );
    console.log(
      `latency ms: p50 ${ms(percentile(times, 50))}  p95 ${ms(percentile(times, 95))}  p99 ${ms(percentile(times, 99))}  max ${ms(times[times.length - 1])}`,
    );
    console.log(
      `rows per page: mean ${(counts.reduce((a, b) => a + b, 0) / counts.length).toFixed(1)}, full pages ${counts.filter((c) => c === PAGE).length}, empty ${counts.filter((c) => c === 0).length}`,
    );
    const p99 = percentile(times, 99);
    console.log(p99 <= 10 ? 'target p99 ≤ 10 ms: met' : 'target p99 ≤ 10 ms: MISSED');
    process.exitCode = p99 <= 10 ? 0 : 1;
  } finally {
    await client.end();
    await database.drop();
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exit(1);
});
