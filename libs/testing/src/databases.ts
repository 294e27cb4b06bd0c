import { createHash, randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource, type DataSourceOptions } from 'typeorm';

function serverUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: serverUrl(url, 'postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one suite, copied from a template that was migrated once per set of
 * migrations (the template's name carries a hash of the migration classes' names and source, so a new
 * or edited migration makes a new template; an edit only inside a library function a migration calls
 * does not: drop the `tpl_*` databases then). Copying a template is much faster than migrating again.
 */
export async function createTestDatabase(
  serverUrlValue: string,
  service: string,
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[],
): Promise<TestDatabase> {
  const fingerprint = createHash('sha256')
    .update(migrations.map((m) => `${m.name}\n${m.toString()}`).join('\n'))
    .digest('hex')
    .slice(0, 10);
  const template = `tpl_${service}_${fingerprint}`;
  await admin(serverUrlValue, async (client) => {
    // Serialise template creation across parallel test processes.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [template]);
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
      if (rowCount) return;
      await client.query(`CREATE DATABASE "${template}"`);
      const dataSource = new DataSource({
        type: 'postgres',
        url: serverUrl(serverUrlValue, template),
        migrations,
        migrationsTransactionMode: 'each',
      } as DataSourceOptions);
      await dataSource.initialize();
      try {
        await dataSource.runMigrations();
      } catch (error) {
        await dataSource.destroy();
        await client.query(`DROP DATABASE IF EXISTS "${template}"`);
        throw error;
      }
      await dataSource.destroy();
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [template]);
    }
  });
  const name = `test_${service}_${randomBytes(4).toString('hex')}`;
  await admin(serverUrlValue, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`));
  return {
    name,
    url: serverUrl(serverUrlValue, name),
    drop: () =>
      admin(serverUrlValue, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)).then(
        () => undefined,
      ),
  };
}
