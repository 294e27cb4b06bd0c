/**
 * PostgreSQL alone: pgbench of the transaction one submission commits (a referral, its history row,
 * its outbox event and the completed idempotency record), with the rows' contents copied from what the
 * stack wrote, for the stack benchmarks to compare with (bench:submit, bench:referrals).
 */
import 'reflect-metadata';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations as referralsMigrations } from '../../apps/referrals/src/migrations';
import { databaseUrlOf, type BenchStack } from './bench-stack';
import type { CpuReading } from './cpu';
import { summarize } from './http';

const run = promisify(execFile);

/** CPU seconds per operation of the named groups, from a reading over a window at `rate` per second. */
export function cpuPerOperation(reading: CpuReading, rate: number, groups: string[]) {
  const each = groups.map(
    (group) => [group, (reading.seconds[group] ?? 0) / reading.elapsed / rate] as const,
  );
  const seconds = each.reduce((sum, [, s]) => sum + s, 0);
  return {
    seconds,
    line: `${(seconds * 1000).toFixed(1)} ms (${each.map(([g, s]) => `${g} ${(s * 1000).toFixed(1)}`).join(', ')})`,
  };
}

/** The contents of one submission as the stack wrote them, as pgbench variables. */
export async function sampleRows(stack: BenchStack): Promise<Record<string, string>> {
  const referrals = await stack.database('referrals');
  const [r] = (await referrals.query(`SELECT * FROM referral ORDER BY created_at DESC LIMIT 1`)).rows;
  const [h] = (await referrals.query(`SELECT * FROM referral_history WHERE referral_id = $1`, [r.id])).rows;
  let [o] = (
    await referrals.query(`SELECT id, topic, headers::text, payload::text FROM outbox WHERE key = $1`, [r.id])
  ).rows;
  // The stored answer (kept by the referrals service since issue 14) is sealed (AES-256-GCM,
  // response_key_id): bytes of the same length stand in.
  let [i] = (
    await referrals
      .query(
        `SELECT request_hash, response_headers::text, response_key_id, octet_length(response_body)::int AS length
           FROM idempotency_record WHERE response_status = 201 LIMIT 1`,
      )
      .catch(() => ({ rows: [] }))
  ).rows;
  // Where no record is kept (or the relay no longer keeps published events), rows of the same shape
  // and about the same size stand in, and the run says so.
  const sampleResponse = JSON.stringify({
    id: r.id,
    status: r.status,
    question: r.question,
    caseFileId: r.case_file_id,
  });
  if (!i) {
    console.log(
      '  (pgbench: no idempotency record of a submission in the referrals database; a stand-in of the same shape)',
    );
    i = {
      request_hash: 'f'.repeat(64),
      response_headers: '{"location":"/v1/referrals/x"}',
      response_key_id: 'dev',
      length: sampleResponse.length + 28,
    };
  }
  if (!o) {
    console.log("  (pgbench: the submission's outbox row is gone; a stand-in of the same shape)");
    o = { id: r.id, topic: 'referral.v1', headers: '{}', payload: sampleResponse };
  }
  return {
    sample_id: r.id,
    sample_event_id: o.id,
    question: r.question,
    case_file: r.case_file_id,
    org: r.referring_organization_id,
    practitioner: r.referring_practitioner_id,
    patient: r.patient_id ?? '00000000-0000-4000-8000-000000000000',
    age_band: r.patient_age_band,
    sex: r.patient_sex,
    client: h.actor_client_id,
    topic: o.topic,
    headers: o.headers,
    payload: o.payload,
    request_hash: i.request_hash,
    response_headers: i.response_headers,
    response_key_id: i.response_key_id ?? 'dev',
    response_body: sampleResponse.padEnd(i.length, ' ').slice(0, i.length),
  };
}

export const PGBENCH_SCRIPT = `
BEGIN;
SELECT gen_random_uuid() AS rid, gen_random_uuid() AS eid, gen_random_uuid()::text AS ikey \\gset
INSERT INTO referral (id, status, stage, priority, specialty_code, question, case_file_id,
                      referring_organization_id, referring_practitioner_id, allow_conversion,
                      claim_due_at, answer_due_at, patient_id, patient_age_band, patient_sex)
     VALUES (:rid, 'requested', 'pool', 'routine', 'dermatology', :question, :case_file, :org, :practitioner, false,
             now() + interval '24 hours', now() + interval '7 days', :patient, :age_band, :sex);
INSERT INTO referral_history (referral_id, at, action, actor_client_id, actor_practitioner_id,
                              actor_organization_id, from_status, to_status, from_stage, to_stage)
     VALUES (:rid, now(), 'submit', :client, :practitioner, :org, NULL, 'requested', NULL, 'pool');
INSERT INTO outbox (id, topic, key, type, headers, payload)
     VALUES (:eid, :topic, :rid, 'referral.submitted',
             CAST(replace(replace(:headers, :sample_id, :rid), :sample_event_id, :eid) AS jsonb),
             CAST(replace(:payload, :sample_id, :rid) AS jsonb));
INSERT INTO idempotency_record (client_id, key, request_hash, response_status, response_headers,
                                response_body, response_key_id, expires_at)
     VALUES (:client, :ikey, :request_hash, 201, CAST(:response_headers AS jsonb),
             convert_to(replace(:response_body, :sample_id, :rid), 'UTF8'), :response_key_id,
             now() + interval '24 hours');
COMMIT;
`;

async function pgbenchBinary(): Promise<string> {
  if (process.env.PGBENCH) return process.env.PGBENCH;
  try {
    return (await run('sh', ['-c', 'command -v pgbench'])).stdout.trim();
  } catch {
    return '/usr/lib/postgresql/15/bin/pgbench';
  }
}

export interface PgbenchOptions {
  clients: number;
  warmupS: number;
  durationS: number;
}

/**
 * pgbench (`-M prepared`) of PGBENCH_SCRIPT in a scratch database `<prefix>pgbench` migrated with the
 * referrals migrations (the idempotency record is the referrals service's since issue 14): a warm-up, then a measured run with
 * its per-transaction log and a CPU reading (the stack's groups and pgbench itself).
 */
export async function pgbench(
  stack: BenchStack,
  variables: Record<string, string>,
  { clients: CLIENTS, warmupS: WARMUP_S, durationS: DURATION_S }: PgbenchOptions,
) {
  const name = `${stack.prefix}pgbench`;
  const admin = new Client({ connectionString: databaseUrlOf(stack.serverUrl, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  const url = databaseUrlOf(stack.serverUrl, name);
  const dir = mkdtempSync(path.join(tmpdir(), 'bench-pgbench-'));
  try {
    const dataSource = new DataSource({
      type: 'postgres',
      url,
      migrations: referralsMigrations,
      migrationsTransactionMode: 'each',
    } as DataSourceOptions);
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();

    const scriptFile = path.join(dir, 'submit.sql');
    writeFileSync(scriptFile, PGBENCH_SCRIPT);
    const binary = await pgbenchBinary();
    const defines = Object.entries(variables).flatMap(([key, value]) => ['-D', `${key}=${value}`]);
    const threads = String(Math.min(CLIENTS, availableParallelism()));
    const common = [
      '-n',
      '-M',
      'prepared',
      '-c',
      String(CLIENTS),
      '-j',
      threads,
      '-f',
      scriptFile,
      ...defines,
    ];
    await run(binary, [...common, '-T', String(WARMUP_S), url], { maxBuffer: 1 << 24 });
    let pgbenchPid = 0;
    const meter = await stack.cpuMeter({ pgbench: () => (pgbenchPid ? [pgbenchPid] : []) });
    const measured = execFile(
      binary,
      [...common, '-T', String(DURATION_S), '--log', `--log-prefix=${path.join(dir, 'log')}`, url],
      { maxBuffer: 1 << 24 },
    );
    pgbenchPid = measured.pid ?? 0;
    await meter.start();
    // Read the meter just before pgbench ends: an exited process has no /proc entry to read.
    const cpuLine = new Promise<CpuReading>((resolve) =>
      setTimeout(() => resolve(meter.stop()), DURATION_S * 1000 - 300),
    );
    let stdout = '';
    measured.stdout?.on('data', (chunk) => (stdout += chunk));
    const code = await new Promise<number | null>((resolve) => measured.on('exit', resolve));
    const cpu = await cpuLine;
    if (code !== 0) throw new Error(`pgbench exited with ${code}:\n${stdout}`);
    const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(stdout)?.[1]);
    const failed = Number(/number of failed transactions: (\d+)/.exec(stdout)?.[1] ?? 0);
    const processed = Number(/number of transactions actually processed: (\d+)/.exec(stdout)?.[1]);
    // Per-transaction log: client_id transaction_no time_us script_no epoch_s epoch_us
    const latencies = readdirSync(dir)
      .filter((f) => f.startsWith('log'))
      .flatMap((f) =>
        readFileSync(path.join(dir, f), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((line) => Number(line.split(' ')[2]) / 1000),
      );
    if (!Number.isFinite(tps)) throw new Error(`pgbench printed no tps:\n${stdout}`);
    return { tps, failed, processed, stats: summarize(latencies), cpu };
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  }
}
