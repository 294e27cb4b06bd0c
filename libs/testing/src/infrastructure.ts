import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

export interface TestInfrastructure {
  databaseUrl: string;
  kafkaBrokers: string[];
  /** How the broker can be stopped and started again, for outage tests. */
  broker: BrokerControl;
}

export interface BrokerControl {
  stop(): Promise<void>;
  start(): Promise<void>;
}

export const workspaceRoot = path.resolve(__dirname, '../../..');

let infrastructure: Promise<TestInfrastructure> | undefined;

/**
 * PostgreSQL and Kafka for integration tests: the ones named by DATABASE_URL / KAFKA_BROKERS when
 * set; otherwise containers started with testcontainers when a Docker engine answers; otherwise a
 * clear failure saying what to set. Never a mock.
 */
export function testInfrastructure(): Promise<TestInfrastructure> {
  infrastructure ??= resolveInfrastructure();
  return infrastructure;
}

async function resolveInfrastructure(): Promise<TestInfrastructure> {
  const databaseUrl = process.env.DATABASE_URL;
  const brokers = process.env.KAFKA_BROKERS;
  if (databaseUrl && brokers) {
    return {
      databaseUrl,
      kafkaBrokers: brokers.split(',').map((b) => b.trim()),
      broker: localBrokerControl(),
    };
  }
  if (await dockerAnswers()) return startContainers(databaseUrl, brokers);
  throw new Error(
    [
      'Integration tests need PostgreSQL and Kafka, and none is configured.',
      `  DATABASE_URL is ${databaseUrl ? 'set' : 'not set'}; KAFKA_BROKERS is ${brokers ? 'set' : 'not set'}; no Docker engine answers.`,
      '  Either set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/postgres) and KAFKA_BROKERS',
      '  (e.g. 127.0.0.1:9092, after `npm run kafka:start`), or run a Docker engine for testcontainers.',
    ].join('\n'),
  );
}

/** The no-Docker broker of deploy/local, driven through its script. */
function localBrokerControl(): BrokerControl {
  const script = path.join(workspaceRoot, 'deploy/local/kafka.sh');
  const run = (command: string) => async () => {
    if (!existsSync(script)) throw new Error(`${script} is missing`);
    execFileSync('bash', [script, command], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 180_000 });
  };
  return { stop: run('stop'), start: run('start') };
}

async function dockerAnswers(): Promise<boolean> {
  try {
    execFileSync('docker', ['info', '--format', '{{.ServerVersion}}'], { stdio: 'ignore', timeout: 5000 });
    return true;
  } catch {
    return false;
  }
}

async function startContainers(databaseUrl?: string, brokers?: string): Promise<TestInfrastructure> {
  const { GenericContainer, Wait } = await import('testcontainers');
  let url = databaseUrl;
  if (!url) {
    const pg = await new GenericContainer('postgres:15')
      .withEnvironment({ POSTGRES_PASSWORD: 'postgres' })
      .withExposedPorts(5432)
      .withWaitStrategy(Wait.forLogMessage(/database system is ready to accept connections/, 2))
      .start();
    url = `postgres://postgres:postgres@${pg.getHost()}:${pg.getMappedPort(5432)}/postgres`;
  }
  if (brokers) return { databaseUrl: url, kafkaBrokers: brokers.split(','), broker: localBrokerControl() };
  // A fixed host port keeps the advertised listener valid across a stop and start of the container.
  const port = 19092;
  const kafka = await new GenericContainer('apache/kafka:4.1.1')
    .withExposedPorts({ container: 9092, host: port })
    .withEnvironment({
      KAFKA_NODE_ID: '1',
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_LISTENERS: 'PLAINTEXT://:9092,CONTROLLER://:9093',
      KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://127.0.0.1:${port}`,
      KAFKA_CONTROLLER_LISTENER_NAMES: 'CONTROLLER',
      KAFKA_CONTROLLER_QUORUM_VOTERS: '1@localhost:9093',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
      KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: '0',
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
    })
    .withWaitStrategy(Wait.forLogMessage(/Kafka Server started/))
    .start();
  return {
    databaseUrl: url,
    kafkaBrokers: [`127.0.0.1:${port}`],
    broker: {
      stop: async () => void (await kafka.stop({ remove: false, timeout: 10_000 })),
      start: async () => void (await kafka.restart()),
    },
  };
}
