import type { EntityManager } from 'typeorm';

/**
 * `text` as a named prepared statement on the connection of `manager`'s transaction (node-postgres
 * parses and plans it once per connection); through TypeORM, unnamed, when there is no such connection.
 * `text` must be constant per `name`.
 */
export async function preparedQuery<T>(
  manager: EntityManager,
  name: string,
  text: string,
  values: unknown[],
): Promise<T[]> {
  const runner = manager.queryRunner;
  if (runner && runner.isTransactionActive) {
    const client = (await runner.connect()) as {
      query?: (config: { name: string; text: string; values: unknown[] }) => Promise<{ rows: T[] }>;
    };
    if (typeof client.query === 'function') return (await client.query({ name, text, values })).rows;
  }
  return manager.query(text, values);
}
