import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { workspaceRoot, type TestInfrastructure } from './infrastructure';

const run = promisify(execFile);

export const SERVICES = ['gateway', 'referrals', 'directory', 'case-files', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RunningStack {
  urls: Record<ServiceName, string>;
  gateway: string;
  stop(): Promise<void>;
}

/**
 * The whole stack, started the way an operator starts it (deploy/local/stack.sh), beside any stack a
 * developer is running: its own ports, databases (dropped afterwards), consumer groups and state.
 * Expects `npm run build` to have run.
 */
export async function startStack(infra: TestInfrastructure, basePort = 3100): Promise<RunningStack> {
  const tag = randomBytes(3).toString('hex');
  const ports: Record<ServiceName, number> = {
    gateway: basePort,
    referrals: basePort + 1,
    directory: basePort + 2,
    'case-files': basePort + 3,
    notifications: basePort + 4,
  };
  const env = {
    ...process.env,
    DATABASE_URL: infra.databaseUrl,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    GATEWAY_PORT: String(ports.gateway),
    REFERRALS_PORT: String(ports.referrals),
    DIRECTORY_PORT: String(ports.directory),
    CASE_FILES_PORT: String(ports['case-files']),
    NOTIFICATIONS_PORT: String(ports.notifications),
    DATABASE_NAME_PREFIX: `e2e_${tag}_`,
    KAFKA_GROUP_PREFIX: `e2e-${tag}-`,
    STACK_STATE_DIR: mkdtempSync(path.join(tmpdir(), 'referral-stack-')),
    STACK_SKIP_BUILD: '1',
    STACK_SKIP_DEMO: '1',
    LOG_LEVEL: process.env.STACK_LOG_LEVEL ?? 'info',
  };
  const script = path.join(workspaceRoot, 'deploy/local/stack.sh');
  const stop = async () => {
    await run('bash', [script, 'stop'], { env, timeout: 120_000 });
    await dropDatabases(infra.databaseUrl, `e2e_${tag}_`);
  };
  try {
    await run('bash', [script, 'start'], { env, timeout: 180_000 });
  } catch (error) {
    await stop().catch(() => undefined);
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`the stack did not start:\n${stdout ?? ''}\n${stderr ?? ''}`);
  }
  const urls = Object.fromEntries(
    SERVICES.map((name) => [name, `http://127.0.0.1:${ports[name]}`]),
  ) as Record<ServiceName, string>;
  return { urls, gateway: urls.gateway, stop };
}

async function dropDatabases(serverUrl: string, prefix: string): Promise<void> {
  const url = new URL(serverUrl);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`,
      [prefix],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
