import { DataSource, type DataSourceOptions, type MixedList, type EntitySchema } from 'typeorm';
import type { TlsOptions } from '@referral/platform-config';
import { serviceDatabaseUrl } from './database-url';

export interface ServiceDatabaseOptions {
  serverUrl: string;
  databaseName: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  applicationName?: string;
  /** pg's TLS options (platform-config's databaseSsl); none: plain, or as `sslmode` in the URL says. */
  ssl?: TlsOptions;
}

/** TypeORM options for a service: migrations only, never `synchronize`. */
export function serviceDataSourceOptions(options: ServiceDatabaseOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: serviceDatabaseUrl(options.serverUrl, options.databaseName),
    ssl: options.ssl,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    migrationsRun: false,
    // Not TypeORM's console logger: it prints failed queries with their parameters (names, phone
    // numbers). A failed query is thrown, answered by the problem filter and logged there, redacted.
    logging: false,
    extra: {
      max: options.poolSize ?? 10,
      application_name: options.applicationName,
      connectionTimeoutMillis: 5000,
    },
  };
}

export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource(options);
  await dataSource.initialize();
  try {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await dataSource.destroy();
  }
}
