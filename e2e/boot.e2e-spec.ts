import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { testInfrastructure, waitUntil, workspaceRoot } from '@referral/testing';

const main = (app: string) => path.join(workspaceRoot, 'dist/apps', app, 'src/main.js');

function boot(app: string, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [main(app)], {
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('service boot', () => {
  const valid = {
    DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
    KAFKA_BROKERS: '127.0.0.1:9092',
  };

  it.each(['gateway', 'referrals', 'directory', 'case-files', 'notifications'])(
    '%s refuses to start without KAFKA_BROKERS and says so',
    (app) => {
      const { status, output } = boot(app, { DATABASE_URL: valid.DATABASE_URL });
      expect(status).toBe(78);
      expect(output).toMatch(/KAFKA_BROKERS/);
    },
  );

  it('names every malformed variable', () => {
    const { status, output } = boot('referrals', { ...valid, PORT: 'eighty', DATABASE_URL: 'mysql://x' });
    expect(status).toBe(78);
    expect(output).toMatch(/PORT/);
    expect(output).toMatch(/DATABASE_URL/);
    expect(output).not.toMatch(/KAFKA_BROKERS/);
  });

  it('shuts down gracefully on SIGTERM', async () => {
    const infra = await testInfrastructure();
    const port = 3190;
    const env = {
      PATH: process.env.PATH ?? '',
      DATABASE_URL: infra.databaseUrl,
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      DATABASE_NAME: 'e2e_boot_directory',
      PORT: String(port),
    };
    const migration = spawnSync(
      process.execPath,
      [path.join(workspaceRoot, 'dist/apps/directory/src/migrate.js')],
      {
        env,
        encoding: 'utf8',
      },
    );
    expect(migration.status).toBe(0);
    const child = spawn(process.execPath, [main('directory')], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on('exit', (code, signal) => resolve({ code, signal })),
    );
    try {
      await waitUntil(
        async () =>
          (await fetch(`http://127.0.0.1:${port}/health/live`).catch(() => undefined))?.status === 200,
        'the service to serve',
        30_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message}\n${output}`);
      });
      const began = Date.now();
      child.kill('SIGTERM');
      const { code, signal } = await exited;
      expect(Date.now() - began).toBeLessThan(15_000);
      expect(code === 0 || signal === 'SIGTERM').toBe(true);
      expect(output).toMatch(/shutting down/i);
    } finally {
      child.kill('SIGKILL');
    }
  }, 60_000);
});
