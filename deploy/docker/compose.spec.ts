// The Docker packaging, checked without a Docker engine (these machines have none): docker-compose.yml,
// the Dockerfile and the entrypoint must describe the stack of ../shared/API.md ("Running it").
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');

/** API.md, "Running it (operator's contract)": the services and their default ports. */
const CONTRACT_PORTS: Record<string, number> = {
  gateway: 3000,
  referrals: 3001,
  directory: 3002,
  'case-files': 3003,
  notifications: 3004,
  // Not in API.md's table: the FHIR facade (issue 16), reached through the gateway at /fhir/R4.
  fhir: 3005,
};
const GATEWAY_UPSTREAMS: Record<string, string> = {
  REFERRALS_URL: 'referrals',
  DIRECTORY_URL: 'directory',
  CASE_FILES_URL: 'case-files',
  NOTIFICATIONS_URL: 'notifications',
  FHIR_URL: 'fhir',
};

/** Apps that exist in the repository: a directory under apps/ with a src/main.ts. */
function appsInRepository(): string[] {
  const apps = join(root, 'apps');
  if (!existsSync(apps)) return [];
  return readdirSync(apps, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(apps, entry.name, 'src', 'main.ts')))
    .map((entry) => entry.name)
    .sort();
}

// ---- Compose's variable interpolation (https://docs.docker.com/compose/how-tos/environment-variables/
// variable-interpolation/), enough to read the file as `docker compose config` would.

type Env = Record<string, string | undefined>;

function interpolate(text: string, env: Env): string {
  return text.replace(/\$(?:(\$)|\{([^}]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g, (match, dollar, braced, bare) => {
    if (dollar) return '$';
    if (bare) return env[bare] ?? '';
    const expression = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^$]*))?$/.exec(braced);
    if (!expression) throw new Error(`cannot interpolate ${match}`);
    const [, name, operator, operand = ''] = expression;
    const value = env[name];
    const set = value !== undefined;
    const nonEmpty = set && value !== '';
    switch (operator) {
      case undefined:
        return value ?? '';
      case ':-':
        return nonEmpty ? value : operand;
      case '-':
        return set ? value : operand;
      case ':?':
      case '?':
        if (operator === ':?' ? !nonEmpty : !set) throw new Error(`${name} is required: ${operand}`);
        return value ?? '';
      case ':+':
        return nonEmpty ? operand : '';
      default: // '+'
        return set ? operand : '';
    }
  });
}

function interpolateAll(node: unknown, env: Env): unknown {
  if (typeof node === 'string') return interpolate(node, env);
  if (Array.isArray(node)) return node.map((item) => interpolateAll(item, env));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, value]) => [key, interpolateAll(value, env)]));
  }
  return node;
}

// ---- Compose accepts several spellings of the same thing; these read each one way.

interface Service {
  image?: string;
  build?: string | { context?: string; dockerfile?: string; args?: Record<string, unknown> | string[] };
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: (string | number | { target: number | string; published?: number | string; host_ip?: string })[];
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: (string | { type?: string; source?: string; target?: string })[];
}
interface ComposeFile {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
}

const composeSource = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
/** The file as YAML gives it, merge keys (`<<: *anchor`) resolved, variables not yet interpolated. */
const rawCompose = parse(composeSource, { merge: true }) as ComposeFile;
/** The file as compose runs it when the operator sets nothing: every development default in place. */
const compose = interpolateAll(rawCompose, {}) as ComposeFile;

function keyValues(list: Record<string, unknown> | string[] | undefined): Record<string, string> {
  if (!list) return {};
  if (Array.isArray(list)) {
    return Object.fromEntries(
      list.map((item) => {
        const at = item.indexOf('=');
        return at < 0 ? [item, ''] : [item.slice(0, at), item.slice(at + 1)];
      }),
    );
  }
  return Object.fromEntries(
    Object.entries(list).map(([key, value]) => [key, value == null ? '' : String(value)]),
  );
}

const environmentOf = (service: Service) => keyValues(service.environment);

function buildOf(service: Service) {
  const build = typeof service.build === 'string' ? { context: service.build } : (service.build ?? {});
  return {
    context: build.context,
    dockerfile: build.dockerfile ?? 'Dockerfile',
    args: keyValues(build.args),
  };
}

function dependenciesOf(service: Service): Record<string, string> {
  const dependsOn = service.depends_on ?? {};
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(
    Object.entries(dependsOn).map(([name, how]) => [name, how?.condition ?? 'service_started']),
  );
}

function portsOf(service: Service): { published: number; target: number }[] {
  return (service.ports ?? []).map((port) => {
    if (typeof port === 'object') return { published: Number(port.published), target: Number(port.target) };
    // [host_ip:]published:target[/protocol]
    const parts = String(port)
      .replace(/\/\w+$/, '')
      .split(':');
    const target = Number(parts.at(-1));
    return { published: parts.length > 1 ? Number(parts.at(-2)) : NaN, target };
  });
}

function healthcheckCommand(service: Service): string {
  const test = service.healthcheck?.test;
  return Array.isArray(test) ? test.join(' ') : (test ?? '');
}

/** Services built from the root Dockerfile: the apps. */
const appServices = Object.entries(compose.services)
  .filter(([, service]) => service.build !== undefined)
  .map(([name]) => name);

const appsToCheck = [...new Set([...Object.keys(CONTRACT_PORTS), ...appsInRepository()])].sort();

describe('docker-compose.yml', () => {
  it('has a service for each of the five services of the operator contract', () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(Object.keys(CONTRACT_PORTS)));
  });

  it('has a service for every app in apps/, and no app service without an app', () => {
    const inRepository = appsInRepository();
    expect(appServices).toEqual(expect.arrayContaining(inRepository));
    for (const name of appServices) expect(appsToCheck).toContain(name);
  });

  describe.each(appsToCheck)('service %s', (app) => {
    const service = compose.services[app] ?? {};
    const environment = environmentOf(service);

    it('is built from the root Dockerfile with APP set to its name', () => {
      expect(compose.services[app]).toBeDefined();
      const build = buildOf(service);
      expect(build.context && join(root, build.context)).toBe(root);
      expect(build.dockerfile).toBe('Dockerfile');
      expect(build.args.APP).toBe(app);
    });

    it('starts once PostgreSQL and Kafka are healthy', () => {
      expect(dependenciesOf(service)).toMatchObject({
        postgres: 'service_healthy',
        kafka: 'service_healthy',
      });
    });

    it('listens on its contract port and publishes it under the same number by default', () => {
      const port = CONTRACT_PORTS[app] ?? Number(environment.PORT);
      expect(Number(environment.PORT)).toBe(port);
      expect(Number(buildOf(service).args.PORT ?? port)).toBe(port);
      expect(portsOf(service)).toContainEqual({ published: port, target: port });
    });

    it('is configured with its database and the Kafka brokers', () => {
      for (const name of ['DATABASE_URL', 'DATABASE_NAME', 'KAFKA_BROKERS', 'PORT', 'NODE_ENV']) {
        expect(environment[name]).toBeTruthy();
      }
      const database = new URL(environment.DATABASE_URL);
      expect(database.protocol).toBe('postgres:');
      expect(`${database.hostname}:${database.port}`).toBe('postgres:5432');
      expect(environment.DATABASE_NAME).toBe(app.replace(/-/g, '_'));
      expect(environment.KAFKA_BROKERS.split(',')).toContain('kafka:9092');
    });

    it('is healthy only when ready (database and Kafka answer)', () => {
      expect(service.healthcheck?.disable).not.toBe(true);
      expect(healthcheckCommand(service)).toMatch(/\/health\/ready\b/);
    });
  });

  it('gives every app a database of its own', () => {
    const names = appServices.map((app) => environmentOf(compose.services[app]).DATABASE_NAME);
    expect(new Set(names).size).toBe(names.length);
  });

  it('publishes no two apps on the same host port', () => {
    const published = appServices.flatMap((app) => portsOf(compose.services[app]).map((p) => p.published));
    expect(new Set(published).size).toBe(published.length);
  });

  it('points the gateway at each service by its compose name and port, and starts it after them', () => {
    const gateway = compose.services.gateway;
    const environment = environmentOf(gateway);
    for (const [variable, upstream] of Object.entries(GATEWAY_UPSTREAMS)) {
      const url = new URL(environment[variable]);
      expect({ variable, host: url.hostname, port: Number(url.port) }).toEqual({
        variable,
        host: upstream,
        port: CONTRACT_PORTS[upstream],
      });
      expect(compose.services[upstream]).toBeDefined();
      expect(dependenciesOf(gateway)[upstream]).toBe('service_healthy');
    }
  });

  it('gives each service the settings only it reads', () => {
    expect(Object.keys(environmentOf(compose.services.gateway))).toEqual(
      expect.arrayContaining([
        'BOOTSTRAP_ADMIN_CLIENT_ID',
        'BOOTSTRAP_ADMIN_CLIENT_SECRET',
        'RATE_LIMIT_PER_MINUTE',
      ]),
    );
    expect(Object.keys(environmentOf(compose.services['case-files']))).toEqual(
      expect.arrayContaining(['CNIC_ENCRYPTION_KEY', 'CNIC_INDEX_KEY']),
    );
    expect(Object.keys(environmentOf(compose.services.notifications))).toContain(
      'WEBHOOK_ALLOW_PRIVATE_HOSTS',
    );
    // Secrets go only where they are used.
    for (const app of appServices.filter((name) => name !== 'case-files')) {
      expect(Object.keys(environmentOf(compose.services[app]))).not.toContain('CNIC_ENCRYPTION_KEY');
      expect(Object.keys(environmentOf(compose.services[app]))).not.toContain('CNIC_INDEX_KEY');
    }
  });

  it('gives notifications the contacts client the gateway bootstraps (role contact-reader), not the admin', () => {
    for (const env of [
      {},
      { BOOTSTRAP_CONTACTS_CLIENT_ID: 'ops-contacts', BOOTSTRAP_CONTACTS_CLIENT_SECRET: 's3cret-0123456789' },
    ]) {
      const services = (interpolateAll(rawCompose, env) as ComposeFile).services;
      const gateway = environmentOf(services.gateway);
      const notifications = environmentOf(services.notifications);
      expect(notifications.SERVICE_CLIENT_ID).toBe(gateway.BOOTSTRAP_CONTACTS_CLIENT_ID);
      expect(notifications.SERVICE_CLIENT_SECRET).toBe(gateway.BOOTSTRAP_CONTACTS_CLIENT_SECRET);
      expect(notifications.SERVICE_CLIENT_ID).not.toBe(gateway.BOOTSTRAP_ADMIN_CLIENT_ID);
    }
  });

  it('runs in development mode by default, so the development secrets it carries are refused in production', () => {
    for (const app of appServices) expect(environmentOf(compose.services[app]).NODE_ENV).toBe('development');
  });

  it('lets the environment override what differs between machines: secrets, keys, mode, host ports', () => {
    const overrides: Env = {
      NODE_ENV: 'production',
      POSTGRES_PASSWORD: 'pg-secret',
      BOOTSTRAP_ADMIN_CLIENT_ID: 'ops-admin',
      BOOTSTRAP_ADMIN_CLIENT_SECRET: 'admin-secret',
      CNIC_ENCRYPTION_KEY: 'k1:encryption-key',
      CNIC_INDEX_KEY: 'index-key',
      GATEWAY_HOST_PORT: '8080',
    };
    const overridden = interpolateAll(rawCompose, overrides) as ComposeFile;
    const gateway = environmentOf(overridden.services.gateway);
    const caseFiles = environmentOf(overridden.services['case-files']);
    expect(gateway).toMatchObject({
      NODE_ENV: 'production',
      BOOTSTRAP_ADMIN_CLIENT_ID: 'ops-admin',
      BOOTSTRAP_ADMIN_CLIENT_SECRET: 'admin-secret',
    });
    expect(caseFiles).toMatchObject({
      CNIC_ENCRYPTION_KEY: 'k1:encryption-key',
      CNIC_INDEX_KEY: 'index-key',
    });
    expect(portsOf(overridden.services.gateway)).toContainEqual({ published: 8080, target: 3000 });
    // One password, the same on both sides.
    expect(environmentOf(overridden.services.postgres).POSTGRES_PASSWORD).toBe('pg-secret');
    for (const app of appServices) {
      expect(new URL(environmentOf(overridden.services[app]).DATABASE_URL).password).toBe('pg-secret');
    }
  });

  it('runs PostgreSQL 15 on a named volume with a pg_isready health check', () => {
    const postgres = compose.services.postgres;
    expect(postgres.image).toMatch(/^postgres:15(\b|$)/);
    expect(healthcheckCommand(postgres)).toContain('pg_isready');
    const volumes = (postgres.volumes ?? []).map((v) => (typeof v === 'string' ? v.split(':')[0] : v.source));
    expect(volumes.some((name) => name !== undefined && name in (compose.volumes ?? {}))).toBe(true);
  });

  it('runs Apache Kafka as one KRaft node with explicit topics and replication factor 1', () => {
    const kafka = compose.services.kafka;
    const environment = environmentOf(kafka);
    expect(kafka.image).toMatch(/^apache\/kafka:/);
    expect(environment).toMatchObject({
      KAFKA_PROCESS_ROLES: 'broker,controller',
      KAFKA_ADVERTISED_LISTENERS: 'PLAINTEXT://kafka:9092',
      KAFKA_CONTROLLER_QUORUM_VOTERS: `${environment.KAFKA_NODE_ID}@kafka:9093`,
      KAFKA_AUTO_CREATE_TOPICS_ENABLE: 'false',
      KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: '1',
      KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: '1',
    });
    expect(environment.KAFKA_LISTENERS.split(',')).toEqual(
      expect.arrayContaining(['PLAINTEXT://:9092', 'CONTROLLER://:9093']),
    );
    expect(healthcheckCommand(kafka)).toContain('kafka-topics.sh --bootstrap-server localhost:9092 --list');
  });

  it('needs no variable set to start: every setting of an app has a development default', () => {
    const mayBeEmpty = ['WEBHOOK_ALLOW_PRIVATE_HOSTS'];
    for (const app of appServices) {
      const empty = Object.entries(environmentOf(compose.services[app]))
        .filter(([name, value]) => value === '' && !mayBeEmpty.includes(name))
        .map(([name]) => name);
      expect({ app, empty }).toEqual({ app, empty: [] });
    }
  });

  // CI installs Debian's docker-compose (.ci/run), so there the compose CLI's own check always runs.
  const cli = composeCommand();
  it(`is accepted by \`${cli?.join(' ') ?? 'docker compose'} config -q\``, () => {
    if (!cli) {
      if (process.env.CI) throw new Error('no compose CLI: .ci/run installs docker-compose; install it');
      console.warn('compose CLI check not run: no docker compose / docker-compose on this machine');
      return;
    }
    const [command, ...args] = cli;
    const result = spawnSync(command, [...args, '-f', 'docker-compose.yml', 'config', '-q'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect({ status: result.status, stderr: result.stderr }).toEqual({
      status: 0,
      stderr: expect.any(String),
    });
  }, 90_000);
});

/** The compose CLI of this machine, v2 plugin first; `config` needs no engine. */
function composeCommand(): string[] | undefined {
  for (const candidate of [['docker', 'compose'], ['docker-compose']]) {
    const [command, ...args] = candidate;
    const probe = spawnSync(command, [...args, 'version'], { encoding: 'utf8', timeout: 20_000 });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}

// ---- The Dockerfile, read as instructions grouped by stage.

interface Stage {
  from: string;
  name?: string;
  instructions: { keyword: string; args: string }[];
}

function dockerfileStages(source: string): Stage[] {
  const lines = source
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const stages: Stage[] = [];
  for (const line of lines) {
    const [, keyword, args] = /^(\S+)\s*(.*)$/.exec(line)!;
    if (keyword.toUpperCase() === 'FROM') {
      const [, from, name] = /^(?:--\S+\s+)*(\S+)(?:\s+AS\s+(\S+))?/i.exec(args)!;
      stages.push({ from, name, instructions: [] });
    } else if (stages.length) {
      stages.at(-1)!.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

describe('Dockerfile', () => {
  const stages = dockerfileStages(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const stage = (name: string) => stages.find((s) => s.name === name);
  const argsOf = (s: Stage | undefined, keyword: string) =>
    (s?.instructions ?? []).filter((i) => i.keyword === keyword).map((i) => i.args);

  it('installs from the lockfile, then builds with `npm run build`', () => {
    expect(argsOf(stage('deps'), 'COPY').join('\n')).toContain('package-lock.json');
    expect(argsOf(stage('deps'), 'RUN').join('\n')).toMatch(/\bnpm ci\b/);
    expect(stage('build')?.from).toBe('deps');
    expect(argsOf(stage('build'), 'RUN').join('\n')).toMatch(/\bnpm run build\b/);
  });

  it('ends with a runtime stage on Node 24 slim, production dependencies and dist/ only, as a non-root user', () => {
    const runtime = stages.at(-1)!;
    expect(runtime.name).toBe('runtime');
    expect(runtime.from).toMatch(/^node:24(\.[\d.]+)?(-[a-z]+)?-slim(@sha256:[0-9a-f]+)?$/);
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(/\bNODE_ENV=production\b/);
    const runs = argsOf(runtime, 'RUN').join('\n');
    expect(runs).toMatch(/\bnpm ci\b[^\n]*--omit=dev/);
    expect(argsOf(runtime, 'COPY').join('\n')).toMatch(/--from=build\s+\S*dist\b/);
    const user = argsOf(runtime, 'USER').at(-1);
    expect(user).toBeDefined();
    expect(user!.split(':')[0]).not.toMatch(/^(root|0)$/);
  });

  it('selects the service with APP (and the port with PORT), the build arguments compose passes', () => {
    const runtime = stage('runtime');
    const declared = argsOf(runtime, 'ARG').map((arg) => arg.split('=')[0]);
    for (const app of appServices) {
      for (const arg of Object.keys(buildOf(compose.services[app]).args)) expect(declared).toContain(arg);
    }
    expect(argsOf(runtime, 'ENV').join(' ')).toMatch(/\bAPP=\$\{?APP\}?/);
    expect(argsOf(runtime, 'EXPOSE')).toHaveLength(1);
  });

  it('checks liveness with node (no curl in slim images) and starts through the entrypoint', () => {
    const runtime = stage('runtime');
    const healthcheck = argsOf(runtime, 'HEALTHCHECK').join(' ');
    expect(healthcheck).toMatch(/\bnode\b/);
    expect(healthcheck).toContain('fetch(');
    expect(healthcheck).toContain('/health/live');
    expect(argsOf(runtime, 'ENTRYPOINT').join(' ')).toContain('deploy/docker/entrypoint.sh');
    expect(argsOf(runtime, 'COPY').join('\n')).toContain('deploy/docker/entrypoint.sh');
  });
});

describe('deploy/docker/entrypoint.sh', () => {
  const path = join(root, 'deploy', 'docker', 'entrypoint.sh');
  const commands = readFileSync(path, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('is an executable shell script that stops at the first error', () => {
    expect(statSync(path).mode & 0o111).not.toBe(0);
    expect(readFileSync(path, 'utf8')).toMatch(/^#!\/bin\/(ba)?sh\n/);
    expect(commands).toContain('set -eu');
  });

  it('migrates the database, then becomes the service (exec, so SIGTERM reaches node)', () => {
    const migrate = commands.findIndex((c) =>
      /^node\s+"?dist\/apps\/\$\{?APP\}?\/src\/migrate\.js"?$/.test(c),
    );
    expect(migrate).toBeGreaterThanOrEqual(0);
    expect(commands.at(-1)).toMatch(/^exec node\s+"?dist\/apps\/\$\{?APP\}?\/src\/main\.js"?$/);
    expect(migrate).toBeLessThan(commands.length - 1);
  });
});

describe('.dockerignore', () => {
  const ignored = readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim().replace(/^\*\*\//, ''));

  it('keeps host artefacts and secrets out of the build context', () => {
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', '.env']));
  });
});
