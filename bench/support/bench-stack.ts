/**
 * The whole stack for the stack benchmarks, started the way an operator starts it
 * (deploy/local/stack.sh, which also starts a Kafka broker of its own through deploy/local/kafka.sh) on
 * ports, databases and a broker that no development or test stack uses, and stopped at the end.
 *
 * Defaults (each overridable by the same environment variable): gateway 4100, referrals 4101,
 * directory 4102, case-files 4103, notifications 4104, databases `bench_*`, Kafka 19492 (controller
 * 19493, data in /tmp/bench-kafka-19492, wiped before and after), stack state in /tmp/bench-stack-4100.
 * The rate limit per API client is raised (RATE_LIMIT_PER_MINUTE=1000000): the benchmarks measure the
 * write path, not the limiter. Webhooks may reach 127.0.0.1 (WEBHOOK_ALLOW_PRIVATE_HOSTS), where
 * bench:referrals runs its partners' receivers.
 *
 * With BENCH_KAFKA_BROKERS=host:port the services use that broker (left alone, never reset) with
 * consumer groups of their own (KAFKA_GROUP_PREFIX, default `bench-<time>-`).
 *
 * With BENCH_USE_RUNNING_STACK=1 nothing is started or stopped: a stack started with the same
 * variables (`npm run stack`) is used as it is, and its databases are left in place.
 */
import { execFile, spawn } from 'node:child_process';
import { connect } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { CpuMeter, stackCpuGroups, type CpuGroups } from './cpu';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../../..');

export const SERVICES = ['gateway', 'referrals', 'directory', 'case-files', 'notifications'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface BenchStack {
  gateway: string;
  /** PostgreSQL server URL (`DATABASE_URL`). */
  serverUrl: string;
  /** The database name prefix of this stack (`bench_`). */
  prefix: string;
  /** The connection URL of a service's own database. */
  databaseUrl(service: ServiceName): string;
  /** stack.sh's state directory (pid files, logs). */
  stateDir: string;
  /** The Kafka broker's data directory (its pid file). */
  kafkaDataDir: string;
  /**
   * A CPU meter over the stack's processes, their PostgreSQL backends (not the benchmark's own
   * connections), Kafka and this process.
   */
  cpuMeter(more?: CpuGroups): Promise<CpuMeter>;
  /** The connected client on a service's database, one per service (closed by `stop`). */
  database(service: ServiceName): Promise<Client>;
  stop(): Promise<void>;
}

const env = process.env;
export const serverUrl = env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrlOf(server: string, name: string): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  return url.toString();
}

function stackEnv(): NodeJS.ProcessEnv {
  const gatewayPort = env.GATEWAY_PORT ?? '4100';
  const kafkaPort = env.KAFKA_PORT ?? '19492';
  const vars: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: serverUrl,
    GATEWAY_PORT: gatewayPort,
    REFERRALS_PORT: env.REFERRALS_PORT ?? '4101',
    DIRECTORY_PORT: env.DIRECTORY_PORT ?? '4102',
    CASE_FILES_PORT: env.CASE_FILES_PORT ?? '4103',
    NOTIFICATIONS_PORT: env.NOTIFICATIONS_PORT ?? '4104',
    DATABASE_NAME_PREFIX: env.DATABASE_NAME_PREFIX ?? 'bench_',
    STACK_STATE_DIR: env.STACK_STATE_DIR ?? `/tmp/bench-stack-${gatewayPort}`,
    KAFKA_PORT: kafkaPort,
    KAFKA_CONTROLLER_PORT: env.KAFKA_CONTROLLER_PORT ?? String(Number(kafkaPort) + 1),
    KAFKA_DATA_DIR: env.KAFKA_DATA_DIR ?? `/tmp/bench-kafka-${kafkaPort}`,
    STACK_SKIP_BUILD: '1', // the npm script has just built
    STACK_SKIP_DEMO: '1',
    RATE_LIMIT_PER_MINUTE: env.RATE_LIMIT_PER_MINUTE ?? '1000000',
    // The partners' webhook receivers of bench:referrals listen in the benchmark's process.
    WEBHOOK_ALLOW_PRIVATE_HOSTS: env.WEBHOOK_ALLOW_PRIVATE_HOSTS ?? '127.0.0.1',
  };
  // Our own broker, managed by stack.sh (started and stopped with the stack) — unless
  // BENCH_KAFKA_BROKERS names a running one to use as it is (a smoke run on a machine whose brokers
  // are not ours to start: its topics are shared, so the consumers, in groups of their own, also read
  // other users' events, and Kafka's CPU is not measured).
  delete vars.KAFKA_BROKERS;
  if (env.BENCH_KAFKA_BROKERS) {
    vars.KAFKA_BROKERS = env.BENCH_KAFKA_BROKERS;
    vars.KAFKA_GROUP_PREFIX = env.KAFKA_GROUP_PREFIX ?? `bench-${Date.now()}-`;
  }
  return vars;
}

async function script(name: string, args: string[], vars: NodeJS.ProcessEnv): Promise<void> {
  // Output of the scripts goes to our stdout as it comes (start takes ~30 s), indented.
  await new Promise<void>((resolve, reject) => {
    const child = spawn('bash', [path.join(root, 'deploy/local', name), ...args], {
      cwd: root,
      env: vars,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const forward = (chunk: Buffer) => process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '  '));
    child.stdout.on('data', forward);
    child.stderr.on('data', forward);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${name} ${args.join(' ')} exited with ${code}`)),
    );
  });
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

async function dropDatabases(prefix: string): Promise<void> {
  const client = new Client({ connectionString: databaseUrlOf(serverUrl, 'postgres') });
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

/** Starts the stack (unless BENCH_USE_RUNNING_STACK=1); `stop()` stops it and drops its databases. */
export async function benchStack(): Promise<BenchStack> {
  const vars = stackEnv();
  const prefix = vars.DATABASE_NAME_PREFIX!;
  const useRunning = env.BENCH_USE_RUNNING_STACK === '1';
  const clients: Client[] = [];
  let stopped = false;

  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.all(clients.map((c) => c.end().catch(() => undefined)));
    if (useRunning) return;
    console.log('stopping the stack');
    await script('stack.sh', ['stop'], vars).catch((error) => console.error(String(error)));
    // stack.sh stops the broker it started; the data dir is ours alone.
    if (!vars.KAFKA_BROKERS)
      await script('kafka.sh', ['reset'], vars).catch((error) => console.error(String(error)));
    await dropDatabases(prefix);
  };

  if (!useRunning) {
    // What is wiped below must be the benchmark's own.
    if (!/bench/.test(prefix)) throw new Error(`DATABASE_NAME_PREFIX "${prefix}" must contain "bench"`);
    if (!/bench/.test(vars.KAFKA_DATA_DIR!)) throw new Error(`KAFKA_DATA_DIR must contain "bench"`);
    console.log(
      `starting the stack: gateway :${vars.GATEWAY_PORT}, services :${vars.REFERRALS_PORT}–:${vars.NOTIFICATIONS_PORT}, ` +
        `Kafka ${vars.KAFKA_BROKERS ?? `:${vars.KAFKA_PORT}`}, databases ${prefix}*`,
    );
    // A fresh start: no databases or broker data of an earlier run (their consumer offsets and
    // events would be replayed into the new databases).
    await run('bash', [path.join(root, 'deploy/local/stack.sh'), 'stop'], { cwd: root, env: vars });
    if (!vars.KAFKA_BROKERS) {
      if (await portOpen(Number(vars.KAFKA_PORT))) {
        throw new Error(`port ${vars.KAFKA_PORT} is taken (another broker?): set KAFKA_PORT`);
      }
      await script('kafka.sh', ['reset'], vars);
    }
    await dropDatabases(prefix);
    const onSignal = () => {
      console.error('interrupted: stopping the stack');
      void stop().finally(() => process.exit(130));
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    try {
      await script('stack.sh', ['start'], vars);
    } catch (error) {
      await stop();
      throw error;
    }
  }

  const databaseUrl = (service: ServiceName) =>
    databaseUrlOf(serverUrl, `${prefix}${service.replace(/-/g, '_')}`);
  // One connection per service's database, made on first use and shared (closed by `stop`).
  const connections = new Map<ServiceName, Promise<Client>>();
  const database = (service: ServiceName) => {
    let connection = connections.get(service);
    if (!connection) {
      const client = new Client({ connectionString: databaseUrl(service) });
      clients.push(client);
      connection = client.connect().then(() => client);
      connections.set(service, connection);
    }
    return connection;
  };
  let meterClient: Client | undefined;
  return {
    gateway: `http://127.0.0.1:${vars.GATEWAY_PORT}`,
    serverUrl,
    prefix,
    stateDir: vars.STACK_STATE_DIR!,
    kafkaDataDir: vars.KAFKA_DATA_DIR!,
    cpuMeter: async (more = {}) => {
      meterClient ??= await database('gateway');
      return new CpuMeter({
        ...stackCpuGroups(SERVICES, vars.STACK_STATE_DIR!, vars.KAFKA_DATA_DIR!, meterClient, prefix, () =>
          // The benchmark's own connections (pg sets processID once connected).
          clients.flatMap((c) => {
            const pid = (c as unknown as { processID?: number }).processID;
            return pid ? [pid] : [];
          }),
        ),
        ...more,
      });
    },
    databaseUrl,
    database,
    stop,
  };
}

/** Runs `main` with the stack, stops the stack whatever happens, and sets the exit code. */
export function runWithStack(main: (stack: BenchStack) => Promise<number>): void {
  let stack: BenchStack | undefined;
  benchStack()
    .then(async (started) => {
      stack = started;
      return main(started);
    })
    .then(
      async (code) => {
        await stack?.stop();
        process.exit(code);
      },
      async (error: Error) => {
        console.error(error);
        await stack?.stop().catch((e) => console.error(e));
        process.exit(1);
      },
    );
}
