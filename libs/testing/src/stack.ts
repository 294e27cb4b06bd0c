import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { workspaceRoot, type TestInfrastructure } from './infrastructure';

const run = promisify(execFile);

export const SERVICES = ['gateway', 'referrals', 'directory', 'case-files', 'notifications', 'fhir'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RunningStack {
  urls: Record<ServiceName, string>;
  gateway: string;
  /** Freezes a service's process (SIGSTOP): its port stays open, nothing answers. */
  pause(service: ServiceName): void;
  /** Lets a paused service run again (SIGCONT). */
  resume(service: ServiceName): void;
  /** Kills a service's process at once (SIGKILL), as a crash would: no shutdown hook runs. */
  kill(service: ServiceName): void;
  /** Starts again every service that is not running (after `kill`) and waits until it is ready. */
  restart(): Promise<void>;
  /** Everything the service has logged so far (its JSON lines). */
  logs(service: ServiceName): string;
  /** The connection URL of the service's own database. */
  databaseUrl(service: ServiceName): string;
  stop(): Promise<void>;
}

/**
 * The whole stack, started the way an operator starts it (deploy/local/stack.sh), beside any stack a
 * developer is running: its own ports, databases (dropped afterwards), consumer groups and state.
 * Expects `npm run build` to have run.
 */
export interface StackOptions {
  /** The gateway's port; the services and the FHIR facade take the next five. */
  basePort?: number;
  /** More configuration for every service, e.g. `AUTH_TRUSTED_ISSUERS`, `RATE_LIMIT_PER_MINUTE`. */
  env?: Record<string, string>;
}

export async function startStack(
  infra: TestInfrastructure,
  { basePort = 3100, env: extraEnv = {} }: StackOptions = {},
): Promise<RunningStack> {
  const tag = randomBytes(3).toString('hex');
  const stateDir = mkdtempSync(path.join(tmpdir(), 'referral-stack-'));
  const ports: Record<ServiceName, number> = {
    gateway: basePort,
    referrals: basePort + 1,
    directory: basePort + 2,
    'case-files': basePort + 3,
    notifications: basePort + 4,
    fhir: basePort + 5,
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
    FHIR_PORT: String(ports.fhir),
    DATABASE_NAME_PREFIX: `e2e_${tag}_`,
    KAFKA_GROUP_PREFIX: `e2e-${tag}-`,
    STACK_STATE_DIR: stateDir,
    STACK_SKIP_BUILD: '1',
    STACK_SKIP_DEMO: '1',
    LOG_LEVEL: process.env.STACK_LOG_LEVEL ?? 'info',
    ...extraEnv,
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
  const signal = (service: ServiceName, name: NodeJS.Signals) =>
    process.kill(Number(readFileSync(path.join(stateDir, `${service}.pid`), 'utf8').trim()), name);
  return {
    urls,
    gateway: urls.gateway,
    pause: (service) => signal(service, 'SIGSTOP'),
    resume: (service) => signal(service, 'SIGCONT'),
    kill: (service) => signal(service, 'SIGKILL'),
    restart: async () => void (await run('bash', [script, 'start'], { env, timeout: 180_000 })),
    logs: (service) => readFileSync(path.join(stateDir, 'logs', `${service}.log`), 'utf8'),
    databaseUrl: (service) => {
      const url = new URL(infra.databaseUrl);
      url.pathname = `/e2e_${tag}_${service.replace(/-/g, '_')}`;
      return url.toString();
    },
    stop,
  };
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
