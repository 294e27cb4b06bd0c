import type { DynamicModule } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pino, { type Logger } from 'pino';
import type { ClassConstructor } from 'class-transformer';
import { loadEnv, type ServiceEnv } from '@referral/platform-config';
import { createServiceApp, type ServiceDefinition } from '@referral/platform-http';
import { DataSource } from 'typeorm';
import { createTestDatabase, testInfrastructure, TestIssuer, type TestDatabase } from '@referral/testing';

export interface TestService {
  app: NestFastifyApplication;
  url: string;
  database: TestDatabase;
  close(): Promise<void>;
}

export interface TestServiceOptions<E extends ServiceEnv> {
  name: string;
  envClass: ClassConstructor<E>;
  appModule: { register(definition: ServiceDefinition): DynamicModule };
  entities: ServiceDefinition['entities'];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  consumes?: string[];
  consumerGroups?: ServiceDefinition['consumerGroups'];
  openApi?: ServiceDefinition['openApi'];
  configureHttp?: ServiceDefinition<E>['configureHttp'];
  env?: Record<string, string>;
  /** The service's logger; by default silent (or at TEST_LOG_LEVEL). Pass one to capture what it logs. */
  logger?: Logger;
  /**
   * A database to run on instead of a new one (several instances of a service on one database); it
   * is not dropped on close: whoever created it drops it.
   */
  database?: TestDatabase;
  /** The service's clock (e.g. a TestClock that the test moves); by default the system's. */
  clock?: ServiceDefinition['clock'];
}

/**
 * (A project of its own: `libs/testing` is below the platform libraries, this harness above them.)
 *
 * One service in-process, as `main.ts` builds it, on a database of its own copied from its migrated
 * template (or on `options.database`), against the real broker, on a free port. Consumers get a group
 * of their own per database: instances sharing a database share a group, as replicas do.
 */
export async function startTestService<E extends ServiceEnv>(
  options: TestServiceOptions<E>,
): Promise<TestService> {
  const infra = await testInfrastructure();
  const owned = !options.database;
  const database =
    options.database ??
    (await createTestDatabase(infra.databaseUrl, options.name.replace(/-/g, '_'), options.migrations));
  const env = loadEnv(options.envClass, {
    DATABASE_URL: infra.databaseUrl,
    DATABASE_NAME: database.name,
    KAFKA_BROKERS: infra.kafkaBrokers.join(','),
    KAFKA_GROUP_ID: `${options.name}-${database.name}`,
    PORT: '1', // validated like any PORT; the app listens on a free port below
    HOST: '127.0.0.1',
    OUTBOX_POLL_INTERVAL_MS: '200',
    CONSUMER_RETRY_BACKOFF_MS: '20',
    ...options.env,
  });
  const definition: ServiceDefinition<E> = {
    name: options.name,
    env,
    logger: options.logger ?? pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' }),
    entities: options.entities,
    migrations: options.migrations,
    consumes: options.consumes,
    consumerGroups: options.consumerGroups,
    openApi: options.openApi,
    configureHttp: options.configureHttp,
    clock: options.clock,
  };
  const app = await createServiceApp(options.appModule.register(definition), definition);
  await app.init();
  await app.startAllMicroservices();
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    database,
    close: async () => {
      await app.close();
      if (owned) await database.drop();
    },
  };
}

/** A service under test with the issuer whose tokens it trusts and a handle on its database. */
export interface IssuedTestService {
  service: TestService;
  issuer: TestIssuer;
  dataSource: DataSource;
  /** Rows in a table of the service's database. */
  count(table: string): Promise<number>;
  close(): Promise<void>;
}

export interface IssuedTestServiceOptions<E extends ServiceEnv> extends TestServiceOptions<E> {
  /** A started issuer to trust instead of a new one (several instances, one issuer); not stopped on close. */
  issuer?: TestIssuer;
}

/** `startTestService` behind a test issuer (AUTH_* pointing at the issuer's JWKS), by default its own. */
export async function startIssuedTestService<E extends ServiceEnv>(
  options: IssuedTestServiceOptions<E>,
): Promise<IssuedTestService> {
  const { issuer: shared, ...serviceOptions } = options;
  const issuer = shared ?? (await new TestIssuer().start());
  const service = await startTestService({
    ...serviceOptions,
    env: { ...issuer.env(), ...serviceOptions.env },
  });
  const dataSource = service.app.get(DataSource);
  return {
    service,
    issuer,
    dataSource,
    count: async (table) => Number((await dataSource.query(`SELECT count(*) AS n FROM ${table}`))[0].n),
    close: async () => {
      await service.close();
      if (!shared) await issuer.stop();
    },
  };
}
