import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { Client } from 'pg';
import pino from 'pino';
import { DataSource } from 'typeorm';
import { loadEnv, ServiceEnv } from '@referral/platform-config';
import { testInfrastructure } from '@referral/testing';
import { databaseOptionsOf, migrateService, type ServiceDefinition } from '../src';

const run = promisify(execFile);

/** PostgreSQL's SSLRequest: length 8, code 80877103. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 4, 210, 22, 47]);

const DATABASE = 'platform_tls_test';

/**
 * The services' TLS to PostgreSQL (DATABASE_SSL_MODE, DATABASE_SSL_CA_FILE) as a service's migration
 * and pool use it (migrateService, databaseOptionsOf), against the real server
 * behind a TLS front: the local server has TLS off, so a proxy of this spec answers PostgreSQL's
 * SSLRequest, terminates TLS with a certificate for `localhost` signed by a CA made here (openssl), and
 * passes the bytes on to the real server. It refuses every connection that does not start TLS, so a
 * query that succeeds went through TLS.
 */
describe('TLS to PostgreSQL, from the environment to pg', () => {
  let dir: string;
  let proxy: net.Server;
  let port: number;
  let serverUrl: URL;
  const plaintextAttempts: number[] = [];
  let tlsSessions = 0;

  const openssl = (...args: string[]) => run('openssl', args, { cwd: dir });

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'database-tls-'));
    // A CA, a server certificate for localhost signed by it, and another CA that signed nothing here.
    for (const ca of ['ca', 'other-ca']) {
      await openssl(
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '2',
        '-subj',
        `/CN=synthetic ${ca}`,
        '-keyout',
        `${ca}.key`,
        '-out',
        `${ca}.crt`,
      );
    }
    await openssl(
      'req',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-subj',
      '/CN=localhost',
      '-keyout',
      'server.key',
      '-out',
      'server.csr',
    );
    await writeFile(path.join(dir, 'san.ext'), 'subjectAltName=DNS:localhost\n');
    await openssl(
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.crt',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '2',
      '-extfile',
      'san.ext',
      '-out',
      'server.crt',
    );
    const [key, cert] = await Promise.all([
      readFile(path.join(dir, 'server.key')),
      readFile(path.join(dir, 'server.crt')),
    ]);

    const upstream = new URL((await testInfrastructure()).databaseUrl);
    proxy = net.createServer((socket) => {
      socket.on('error', () => undefined);
      socket.once('data', (first) => {
        if (!first.equals(SSL_REQUEST)) {
          plaintextAttempts.push(Date.now());
          socket.destroy();
          return;
        }
        socket.write('S');
        const secure = new tls.TLSSocket(socket, { isServer: true, key, cert });
        secure.once('secure', () => tlsSessions++);
        const server = net.connect(Number(upstream.port || 5432), upstream.hostname);
        secure.on('error', () => server.destroy());
        server.on('error', () => secure.destroy());
        secure.pipe(server).pipe(secure);
      });
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    port = (proxy.address() as net.AddressInfo).port;
    serverUrl = new URL(upstream.toString());
    serverUrl.port = String(port);
  });

  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    const admin = new Client({ connectionString: (await testInfrastructure()).databaseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${DATABASE}`);
    await admin.end();
    await rm(dir, { recursive: true, force: true });
  });

  /** A service whose environment names the server URL on `host`, with these variables. */
  function service(host: string, variables: Record<string, string>): ServiceDefinition {
    const url = new URL(serverUrl.toString());
    url.hostname = host;
    const env = loadEnv(ServiceEnv, {
      PORT: '3001',
      DATABASE_URL: url.toString(),
      DATABASE_NAME: DATABASE,
      KAFKA_BROKERS: '127.0.0.1:9092',
      ...variables,
    });
    return { name: 'tls-test', env, logger: pino({ level: 'silent' }), entities: [], migrations: [] };
  }

  /**
   * What a service does: its migration (creates the database when missing, applies migrations), then
   * a query on its TypeORM pool. Resolves with the TLS sessions the proxy saw meanwhile (it lets
   * nothing else through).
   */
  async function connectLikeAService(definition: ServiceDefinition): Promise<number> {
    const before = tlsSessions;
    await migrateService(definition);
    const dataSource = new DataSource(databaseOptionsOf(definition));
    await dataSource.initialize();
    try {
      expect(await dataSource.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
      return tlsSessions - before;
    } finally {
      await dataSource.destroy();
    }
  }

  it('connects through TLS with verify-full: the CA from DATABASE_SSL_CA_FILE, the host name checked', async () => {
    const ca = path.join(dir, 'ca.crt');
    await expect(
      connectLikeAService(
        service('localhost', { DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: ca }),
      ),
    ).resolves.toBeGreaterThanOrEqual(2);
  });

  it('refuses a certificate its CA did not sign, and (verify-full) one issued to another host', async () => {
    const other = path.join(dir, 'other-ca.crt');
    await expect(
      connectLikeAService(
        service('localhost', { DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: other }),
      ),
    ).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
    const ca = path.join(dir, 'ca.crt');
    await expect(
      connectLikeAService(
        service('127.0.0.1', { DATABASE_SSL_MODE: 'verify-full', DATABASE_SSL_CA_FILE: ca }),
      ),
    ).rejects.toThrow(/Hostname\/IP does not match|altnames/i);
    // verify-ca checks the chain only: the same server reached by its address is accepted.
    await expect(
      connectLikeAService(service('127.0.0.1', { DATABASE_SSL_MODE: 'verify-ca', DATABASE_SSL_CA_FILE: ca })),
    ).resolves.toBeGreaterThanOrEqual(2);
  });

  it('require encrypts without checking the certificate; disable does not start TLS', async () => {
    await expect(
      connectLikeAService(service('127.0.0.1', { DATABASE_SSL_MODE: 'require' })),
    ).resolves.toBeGreaterThanOrEqual(2);
    const before = plaintextAttempts.length;
    await expect(connectLikeAService(service('127.0.0.1', {}))).rejects.toThrow();
    expect(plaintextAttempts.length).toBeGreaterThan(before);
  });
});
