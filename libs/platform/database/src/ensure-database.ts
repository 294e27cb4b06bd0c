import { Client, type ClientConfig } from 'pg';
import { maintenanceDatabaseUrl } from './database-url';

/**
 * Creates the service's database when it does not exist yet (first start on a fresh server).
 * Safe when several instances start at once: a concurrent CREATE loses with duplicate_database.
 */
export async function ensureDatabase(
  serverUrl: string,
  databaseName: string,
  template?: string,
  ssl?: ClientConfig['ssl'],
): Promise<boolean> {
  const client = new Client({ connectionString: maintenanceDatabaseUrl(serverUrl), ssl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [databaseName]);
    if (rowCount) return false;
    const ident = (name: string) => `"${name.replace(/"/g, '""')}"`;
    try {
      await client.query(
        `CREATE DATABASE ${ident(databaseName)}${template ? ` TEMPLATE ${ident(template)}` : ''}`,
      );
    } catch (error) {
      if ((error as { code?: string }).code === '42P04') return false; // duplicate_database
      throw error;
    }
    return true;
  } finally {
    await client.end();
  }
}
