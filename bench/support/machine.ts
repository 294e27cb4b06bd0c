import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { Client } from 'pg';

/** The machine's load average (1, 5, 15 min): other work on it shows here. */
export const loadAverage = () =>
  `load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`;

/** One line naming what the figures were measured on. */
export async function machine(serverUrl: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const version = (await client.query<{ v: string }>(`SELECT current_setting('server_version') AS v`))
      .rows[0].v;
    const settings = ['fsync', 'synchronous_commit', 'shared_buffers'];
    const values = (
      await client.query<{ v: string[] }>(
        `SELECT array[${settings.map((s) => `current_setting('${s}')`).join(', ')}] AS v`,
      )
    ).rows[0].v;
    return (
      `machine: ${availableParallelism()} CPUs (${cpus()[0]?.model.trim() ?? 'unknown'}), ` +
      `${Math.round(totalmem() / 2 ** 30)} GiB; Node ${process.versions.node}; ` +
      `PostgreSQL ${version} (${settings.map((s, i) => `${s}=${values[i]}`).join(', ')}); ` +
      loadAverage()
    );
  } finally {
    await client.end();
  }
}
