// The Helm chart (deploy/helm/specialist-referral), checked without a cluster: Helm itself lints it and
// renders it with several value sets in one JVM (render/render.sh, helm-java), every rendered object is
// validated against the Kubernetes API's schemas (kubernetes-models, validate-manifests.mjs), and the
// properties an operator relies on are asserted — against the services' own code where there is one
// (their configuration classes, their HTTP callers, their entry points).
import { execFile } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { getMetadataStorage } from 'class-validator';
import { parseAllDocuments, stringify } from 'yaml';
import { ConfigError, KafkaClientEnv, loadEnv, TracingEnv } from '@referral/platform-config';
import { CaseFilesEnv } from '../../apps/case-files/src/config';
import { DirectoryEnv } from '../../apps/directory/src/config';
import { FhirEnv } from '../../apps/fhir/src/config';
import { GatewayEnv } from '../../apps/gateway/src/config';
import { NotificationsEnv } from '../../apps/notifications/src/config';
import { ReferralsEnv } from '../../apps/referrals/src/config';

const run = promisify(execFile);
const root = path.join(__dirname, '..', '..');
const chart = path.join(__dirname, 'specialist-referral');

/**
 * The environment class of every service: the variables it reads (nothing else reads process.env),
 * with OpenTelemetry's (TracingEnv, read by every service's tracing entry point before its config).
 */
const CONFIG: Record<string, new () => object> = {
  gateway: GatewayEnv,
  referrals: ReferralsEnv,
  directory: DirectoryEnv,
  'case-files': CaseFilesEnv,
  notifications: NotificationsEnv,
  fhir: FhirEnv,
};

/** Variables that hold secrets: only ever from a Secret (secretKeyRef), never a value in the chart. */
const SECRET_VARIABLES =
  /^(DATABASE_URL|KAFKA_SASL_USERNAME|KAFKA_SASL_PASSWORD|.*_SECRET|.*_KEY|JWT_SIGNING_KEY_PEM|SMTP_URL|SMS_HTTP_AUTH_HEADER|S3_ACCESS_KEY_ID)$/;

const RELEASE = 'referral';

/** A synthetic value of the right shape for a variable a Secret holds (the chart only names the Secret). */
function syntheticSecret(variable: string): string {
  const key = () => randomBytes(32).toString('base64');
  if (variable === 'DATABASE_URL') return 'postgres://referral:synthetic@db.example.internal:5432/postgres';
  if (variable === 'CNIC_INDEX_KEY') return key();
  if (variable.endsWith('_ENCRYPTION_KEY') || variable === 'WEBHOOK_SECRET_KEY')
    return `k1:${key()},k0:${key()}`;
  if (variable === 'JWT_SIGNING_KEY_PEM') {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  if (variable === 'SMTP_URL') return 'smtps://mailer:synthetic@smtp.example.pk:465';
  if (variable === 'SMS_HTTP_AUTH_HEADER') return 'Bearer synthetic';
  return randomBytes(24).toString('base64url');
}

/** The environment a workload's container gets: values as rendered, Secrets' keys synthetic. */
function environmentOf(workload: K8sObject): Record<string, string> {
  return Object.fromEntries(
    (container(workload).env as EnvVar[]).map((e) => [
      e.name,
      e.valueFrom ? syntheticSecret(e.name) : e.value!,
    ]),
  );
}
const hookOf = (o: K8sObject) => o.metadata.annotations?.['helm.sh/hook'];

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: any;
}

interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: { secretKeyRef?: { name: string; key: string } };
}

interface RenderResult {
  lint: { failed: boolean; messages: string[] };
  renders: { name: string; file: string | null; error: string | null }[];
}

function variablesOf(cls: new () => object): Set<string> {
  return new Set(
    getMetadataStorage()
      .getTargetValidationMetadatas(cls, '', true, false)
      .map((m) => m.propertyName),
  );
}

/** Apps in the repository: a directory under apps/ with a src/main.ts. */
function appsInRepository(): string[] {
  return readdirSync(path.join(root, 'apps'), { withFileTypes: true })
    .filter(
      (entry) => entry.isDirectory() && existsSync(path.join(root, 'apps', entry.name, 'src', 'main.ts')),
    )
    .map((entry) => entry.name)
    .sort();
}

const component = (o: K8sObject) => o.metadata.labels?.['app.kubernetes.io/component'];
const podSpec = (o: K8sObject) => o.spec.template.spec;
const container = (o: K8sObject) => podSpec(o).containers[0];
const envOf = (o: K8sObject): EnvVar[] => container(o).env ?? [];
const envValue = (o: K8sObject, name: string) => envOf(o).find((e) => e.name === name)?.value;

/** Value sets that must render (files of the chart's ci/ folder; `default` is the chart's own values). */
const VALID_SETS = {
  default: [] as string[],
  production: [path.join(chart, 'ci/production-values.yaml')],
  zipkin: [path.join(chart, 'ci/zipkin-values.yaml')],
};

/** Values the chart must refuse, with what Helm must say. */
const INVALID_SETS: Record<string, { values: object; error: RegExp }> = {
  // The templates' own checks (required, fail).
  'signing-key-without-id': {
    values: { secrets: { jwtSigningKey: { name: 'jwt', id: '' } } },
    error: /secrets\.jwtSigningKey\.id/,
  },
  'otlp-without-endpoint': {
    values: { tracing: { exporter: 'otlp' } },
    error: /tracing\.otlpEndpoint \(tracing\.exporter is otlp\)/,
  },
  // values.schema.json: a misspelled or out-of-range value is refused before anything renders.
  'unknown-exporter': {
    values: { tracing: { exporter: 'jaeger' } },
    error: /at '\/tracing\/exporter': value must be one of 'none', 'otlp', 'zipkin'/,
  },
  'misspelled-value': {
    values: { tracing: { exportr: 'otlp' } },
    error: /at '\/tracing': additional properties 'exportr' not allowed/,
  },
  'unknown-sasl-mechanism': {
    values: { kafka: { sasl: { mechanism: 'gssapi' } } },
    error: /at '\/kafka\/sasl\/mechanism': value must be one of/,
  },
  'unknown-database-tls-mode': {
    values: { postgresql: { tls: { mode: 'prefer' } } },
    error: /at '\/postgresql\/tls\/mode': value must be one of/,
  },
  'pool-too-large': {
    values: { postgresql: { poolSize: 500 } },
    error: /at '\/postgresql\/poolSize': maximum: got 500, want 200/,
  },
  'secret-without-name': {
    values: { secrets: { cnicIndexKey: { name: '' } } },
    error: /at '\/secrets\/cnicIndexKey\/name': minLength: got 0, want 1/,
  },
};

describe('the Helm chart (deploy/helm/specialist-referral)', () => {
  let result: RenderResult;
  const rendered: Record<string, K8sObject[]> = {};
  let schemaErrors: string[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'helm-chart-'));
    const sets = Object.entries(VALID_SETS).map(([name, files]) =>
      files.length ? `${name}=${files}` : name,
    );
    for (const [name, { values }] of Object.entries(INVALID_SETS)) {
      const file = path.join(dir, `${name}.yaml`);
      await writeFile(file, stringify(values));
      sets.push(`${name}=${file}`);
    }
    const { stdout } = await run(
      'bash',
      [path.join(__dirname, 'render/render.sh'), 'run', chart, path.join(dir, 'out'), ...sets],
      { maxBuffer: 64 * 1024 * 1024, timeout: 300_000 },
    );
    result = JSON.parse(stdout) as RenderResult;
    for (const render of result.renders) {
      if (!render.file || !(render.name in VALID_SETS)) continue;
      const documents = parseAllDocuments(await readFile(render.file, 'utf8'));
      rendered[render.name] = documents.flatMap((document) => {
        // A duplicate key or a broken indentation is an error of the chart, not something to skip.
        if (document.errors.length) throw new Error(`${render.name}: ${document.errors.join('; ')}`);
        const object = document.toJS() as K8sObject | null;
        return object ? [object] : [];
      });
    }
    const all = Object.entries(rendered).flatMap(([set, objects]) =>
      objects.map((object) => ({ set, object })),
    );
    const validation = run('node', [path.join(__dirname, 'validate-manifests.mjs')], {
      maxBuffer: 64 * 1024 * 1024,
    });
    validation.child.stdin!.end(JSON.stringify(all.map(({ object }) => object)));
    const verdicts = JSON.parse((await validation).stdout) as { errors: string | null }[];
    schemaErrors = verdicts.flatMap((verdict, i) =>
      verdict.errors
        ? [`${all[i].set}: ${all[i].object.kind}/${all[i].object.metadata?.name}: ${verdict.errors}`]
        : [],
    );
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('passes helm lint --strict (errors and warnings; an icon is only recommended)', () => {
    expect(result.lint.messages.filter((m) => !m.startsWith('[INFO]'))).toEqual([]);
    expect(result.lint.failed).toBe(false);
  });

  it('renders every valid value set, and refuses every invalid one saying why', () => {
    for (const render of result.renders) {
      if (render.name in VALID_SETS) expect({ [render.name]: render.error }).toEqual({ [render.name]: null });
      else expect(render.error ?? `${render.name} rendered`).toMatch(INVALID_SETS[render.name].error);
    }
    expect(result.renders.map((r) => r.name).sort()).toEqual(
      [...Object.keys(VALID_SETS), ...Object.keys(INVALID_SETS)].sort(),
    );
  });

  it('renders only objects that are valid against the Kubernetes schemas', () => {
    expect(Object.values(rendered).flat().length).toBeGreaterThan(40);
    expect(schemaErrors).toEqual([]);
  });

  it.each(Object.keys(VALID_SETS))(
    '%s: every service of apps/ has its Deployment, probes, resources and security',
    (set) => {
      const deployments = rendered[set].filter((o) => o.kind === 'Deployment' && !hookOf(o));
      expect(deployments.map(component).sort()).toEqual(appsInRepository());
      for (const deployment of deployments) {
        const name = component(deployment)!;
        const c = container(deployment);
        expect(c.command).toEqual(['node', `dist/apps/${name}/src/main.js`]);
        expect(existsSync(path.join(root, 'apps', name, 'src', 'main.ts'))).toBe(true);
        // The services' health endpoints (libs/platform/http/src/health.controller.ts) on their own port.
        const port = c.ports.find((p: { name: string }) => p.name === 'http').containerPort;
        expect(Number(envValue(deployment, 'PORT'))).toBe(port);
        expect(c.livenessProbe.httpGet).toEqual({ path: '/health/live', port: 'http' });
        expect(c.readinessProbe.httpGet).toEqual({ path: '/health/ready', port: 'http' });
        expect(c.resources.requests).toEqual({ cpu: expect.anything(), memory: expect.anything() });
        expect(c.resources.limits.memory).toBeDefined();
        expect(podSpec(deployment).securityContext).toMatchObject({ runAsNonRoot: true });
        expect(c.securityContext).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          capabilities: { drop: ['ALL'] },
        });
        expect(podSpec(deployment).automountServiceAccountToken).toBe(false);
        // The pods' labels are what the Service, PDB and NetworkPolicy select.
        const labels = deployment.spec.template.metadata.labels;
        expect(labels).toMatchObject(deployment.spec.selector.matchLabels);
      }
    },
  );

  it.each(Object.keys(VALID_SETS))(
    '%s: every service has its Service, PDB and HPA (or a fixed replica count)',
    (set) => {
      const objects = rendered[set];
      for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
        const selector = deployment.spec.selector.matchLabels;
        const service = objects.find((o) => o.kind === 'Service' && component(o) === component(deployment));
        expect(service?.spec.selector).toEqual(selector);
        const pdb = objects.find(
          (o) => o.kind === 'PodDisruptionBudget' && component(o) === component(deployment),
        );
        expect(pdb?.spec.selector.matchLabels).toEqual(selector);
        const hpa = objects.find(
          (o) =>
            o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === deployment.metadata.name,
        );
        if (hpa) {
          expect(hpa.spec.scaleTargetRef.kind).toBe('Deployment');
          expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
          // The HPA owns the replica count: a fixed one would fight it at every upgrade.
          expect(deployment.spec.replicas).toBeUndefined();
        } else {
          expect(deployment.spec.replicas).toBeGreaterThanOrEqual(1);
        }
      }
      const hpas = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').length;
      expect(hpas).toBe({ default: 6, production: 5, zipkin: 0 }[set]);
    },
  );

  it.each(Object.keys(VALID_SETS))('%s: every variable the chart sets is one the service reads', (set) => {
    const unknown: string[] = [];
    const check = (workload: K8sObject, variables: Set<string>) => {
      for (const { name } of envOf(workload)) {
        if (!variables.has(name)) unknown.push(`${workload.metadata.name}: ${name}`);
      }
    };
    const workloads = rendered[set].filter((o) => o.kind === 'Deployment' || o.kind === 'Job');
    expect(Object.keys(CONFIG).sort()).toEqual(appsInRepository());
    for (const workload of workloads) {
      const name = component(workload)!;
      const service = name.replace(/-migrations$/, '');
      if (name === 'topics') check(workload, variablesOf(KafkaClientEnv));
      else check(workload, new Set([...variablesOf(CONFIG[service]), ...variablesOf(TracingEnv)]));
    }
    expect(unknown).toEqual([]);
  });

  it.each(Object.keys(VALID_SETS))(
    '%s: every address a service would take by default on its own machine (127.0.0.1, localhost) is set',
    (set) => {
      const missing: string[] = [];
      for (const deployment of rendered[set].filter((o) => o.kind === 'Deployment')) {
        const defaults = new CONFIG[component(deployment)!]() as Record<string, unknown>;
        const given = new Set(envOf(deployment).map((e) => e.name));
        for (const [variable, value] of Object.entries(defaults)) {
          const local = typeof value === 'string' && /^https?:\/\/(127\.0\.0\.1|localhost)[:/]/.test(value);
          if (local && !given.has(variable))
            missing.push(`${component(deployment)}: ${variable} (default ${value})`);
        }
      }
      expect(missing).toEqual([]);
    },
  );

  it.each(Object.keys(VALID_SETS))(
    '%s: every service accepts the configuration the chart gives it (its own validation, secrets synthetic)',
    (set) => {
      const refused: string[] = [];
      for (const workload of rendered[set].filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
        const name = component(workload)!;
        const cls = name === 'topics' ? KafkaClientEnv : CONFIG[name.replace(/-migrations$/, '')];
        try {
          loadEnv(cls, environmentOf(workload));
          if (name !== 'topics') loadEnv(TracingEnv, environmentOf(workload));
        } catch (error) {
          if (!(error instanceof ConfigError)) throw error;
          refused.push(...error.problems.map((problem) => `${workload.metadata.name}: ${problem}`));
        }
      }
      expect(refused).toEqual([]);
    },
  );

  it.each(Object.keys(VALID_SETS))('%s: secrets come from existing Secrets only', (set) => {
    const objects = rendered[set];
    expect(objects.filter((o) => o.kind === 'Secret' || o.kind === 'ConfigMap')).toEqual([]);
    for (const workload of objects.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
      for (const variable of envOf(workload).filter((e) => SECRET_VARIABLES.test(e.name))) {
        expect({ [variable.name]: variable.value }).toEqual({ [variable.name]: undefined });
        expect(variable.valueFrom?.secretKeyRef).toEqual({
          name: expect.any(String),
          key: expect.any(String),
        });
      }
    }
  });

  it.each(Object.keys(VALID_SETS))(
    '%s: migrations run as a pre-install/pre-upgrade hook Job per service',
    (set) => {
      const jobs = rendered[set].filter((o) => o.kind === 'Job' && component(o)?.endsWith('-migrations'));
      expect(jobs.map((job) => component(job)!.replace(/-migrations$/, '')).sort()).toEqual(
        appsInRepository(),
      );
      for (const job of jobs) {
        const service = component(job)!.replace(/-migrations$/, '');
        expect(hookOf(job)).toBe('pre-install,pre-upgrade');
        expect(container(job).command).toEqual(['node', `dist/apps/${service}/src/migrate.js`]);
        expect(existsSync(path.join(root, 'apps', service, 'src', 'migrate.ts'))).toBe(true);
        // migrate.ts validates the service's whole configuration: the same variables as the service.
        const deployment = rendered[set].find((o) => o.kind === 'Deployment' && component(o) === service)!;
        expect(envOf(job)).toEqual(envOf(deployment));
        expect(container(job).image).toBe(container(deployment).image);
      }
    },
  );

  it.each(Object.keys(VALID_SETS))('%s: topics are created by a hook Job before the migrations', (set) => {
    const topics = rendered[set].find((o) => o.kind === 'Job' && component(o) === 'topics');
    if (set === 'zipkin') {
      expect(topics).toBeUndefined(); // kafka.topics.create: false
      return;
    }
    expect(hookOf(topics!)).toBe('pre-install,pre-upgrade');
    expect(container(topics!).command).toEqual([
      'node',
      'dist/libs/platform/kafka/src/admin/create-topics.js',
    ]);
    expect(existsSync(path.join(root, 'libs/platform/kafka/src/admin/create-topics.ts'))).toBe(true);
    const migrations = rendered[set].filter((o) => o.kind === 'Job' && component(o)?.endsWith('-migrations'));
    const weight = (o: K8sObject) => Number(o.metadata.annotations?.['helm.sh/hook-weight'] ?? 0);
    for (const job of migrations) expect(weight(topics!)).toBeLessThan(weight(job));
    const partitions = { default: '6', production: '12' }[set];
    expect(envValue(topics!, 'KAFKA_TOPIC_PARTITIONS')).toBe(partitions);
  });

  it.each(Object.keys(VALID_SETS))('%s: the Ingress routes to the gateway only', (set) => {
    const ingresses = rendered[set].filter((o) => o.kind === 'Ingress');
    if (set === 'zipkin') {
      expect(ingresses).toEqual([]);
      return;
    }
    const gateway = rendered[set].find((o) => o.kind === 'Service' && component(o) === 'gateway')!;
    const backends = ingresses.flatMap((ingress) =>
      ingress.spec.rules.flatMap((rule: any) => rule.http.paths.map((p: any) => p.backend.service)),
    );
    expect(backends.length).toBeGreaterThan(0);
    for (const backend of backends) {
      expect(backend.name).toBe(gateway.metadata.name);
      expect(gateway.spec.ports.map((p: { name: string }) => p.name)).toContain(backend.port.name);
    }
  });

  it.each(['default', 'production'])(
    '%s: a service is reachable only from the services whose configuration names it (and the gateway from the ingress controller)',
    (set) => {
      const objects = rendered[set];
      const services = objects.filter((o) => o.kind === 'Service');
      // Who calls whom, from the URLs in the services' variables (each variable is one the service reads:
      // see above): http://<Service>:<port> of another service.
      const callers: Record<string, Set<string>> = Object.fromEntries(
        services.map((s) => [component(s)!, new Set()]),
      );
      for (const deployment of objects.filter((o) => o.kind === 'Deployment')) {
        for (const { value } of envOf(deployment)) {
          const target = services.find((s) =>
            value?.startsWith(`http://${s.metadata.name}:${s.spec.ports[0].port}`),
          );
          if (target && component(target) !== component(deployment))
            callers[component(target)!].add(component(deployment)!);
        }
      }
      // The code's callers: the gateway calls every service; the FHIR facade calls the gateway back.
      expect([...callers.fhir]).toEqual(['gateway']);
      expect([...callers.gateway]).toContain('fhir');
      expect([...callers['case-files']].sort()).toEqual(['gateway', 'referrals']);

      for (const service of services) {
        const policy = objects.find(
          (o) => o.kind === 'NetworkPolicy' && component(o) === component(service),
        )!;
        expect(policy.spec.podSelector.matchLabels).toEqual(service.spec.selector);
        expect(policy.spec.policyTypes).toEqual(['Ingress']);
        const [fromPeers, ...otherRules] = policy.spec.ingress;
        const allowed = fromPeers.from
          .filter((peer: any) => peer.podSelector && !peer.namespaceSelector)
          .map((peer: any) => peer.podSelector.matchLabels['app.kubernetes.io/component'])
          .sort();
        expect({ [component(service)!]: allowed }).toEqual({
          [component(service)!]: [...callers[component(service)!]].sort(),
        });
        const namespaces = fromPeers.from.filter((peer: any) => peer.namespaceSelector);
        if (component(service) === 'gateway') {
          expect(namespaces).toEqual([
            expect.objectContaining({
              namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'ingress-nginx' } },
            }),
          ]);
        } else {
          expect(namespaces).toEqual([]);
        }
        // The only other rule: Prometheus' namespace, when set (production), on the same port.
        expect(otherRules.length).toBe(set === 'production' ? 1 : 0);
      }
    },
  );

  it('production: TLS files are mounted where the variables say, SASL and tracing are set', () => {
    for (const workload of rendered.production.filter((o) => o.kind === 'Deployment' || o.kind === 'Job')) {
      const mounts: { name: string; mountPath: string }[] = container(workload).volumeMounts;
      const volumes: { name: string; secret?: { secretName: string } }[] = podSpec(workload).volumes;
      for (const { name, value } of envOf(workload).filter((e) => /_SSL_(CA|CERT|KEY)_FILE$/.test(e.name))) {
        const mount = mounts.find((m) => value!.startsWith(`${m.mountPath}/`));
        expect({ [name]: mount?.name }).toEqual({ [name]: expect.any(String) });
        expect(volumes.find((v) => v.name === mount!.name)?.secret?.secretName).toEqual(expect.any(String));
      }
      const kafkaFiles = envOf(workload)
        .filter((e) => e.name.startsWith('KAFKA_SSL_'))
        .map((e) => e.name);
      expect(kafkaFiles.sort()).toEqual(['KAFKA_SSL_CA_FILE', 'KAFKA_SSL_CERT_FILE', 'KAFKA_SSL_KEY_FILE']);
      expect(envValue(workload, 'KAFKA_SSL')).toBe('true');
      expect(envValue(workload, 'KAFKA_SASL_MECHANISM')).toBe('scram-sha-512');
      if (component(workload) === 'topics') {
        // The topics job may use a user of its own (one allowed to create topics), and no database key.
        expect(
          envOf(workload).find((e) => e.name === 'KAFKA_SASL_USERNAME')?.valueFrom?.secretKeyRef?.name,
        ).toBe('referral-kafka-admin');
        expect(envOf(workload).some((e) => e.name.startsWith('DATABASE_'))).toBe(false);
        continue;
      }
      expect(envValue(workload, 'DATABASE_SSL_MODE')).toBe('verify-full');
      expect(envValue(workload, 'OTEL_TRACES_EXPORTER')).toBe('otlp');
      expect(envValue(workload, 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe(
        'http://otel-collector.observability.svc:4318',
      );
    }
    const ingress = rendered.production.find((o) => o.kind === 'Ingress')!;
    expect(ingress.spec.tls).toEqual([
      { hosts: ['api.referrals.example.pk'], secretName: 'referral-api-tls' },
    ]);
  });

  it('default: tracing is off, and every service runs in production mode', () => {
    for (const deployment of rendered.default.filter((o) => o.kind === 'Deployment')) {
      expect(envValue(deployment, 'OTEL_TRACES_EXPORTER')).toBe('none');
      expect(envValue(deployment, 'OTEL_SERVICE_NAME')).toBe(component(deployment));
      expect(envValue(deployment, 'NODE_ENV')).toBe('production');
      expect(envOf(deployment).some((e) => e.name === 'OTEL_EXPORTER_OTLP_ENDPOINT')).toBe(false);
    }
    const zipkin = rendered.zipkin.find((o) => o.kind === 'Deployment' && component(o) === 'referrals')!;
    expect(envValue(zipkin, 'OTEL_EXPORTER_ZIPKIN_ENDPOINT')).toBe(
      'http://zipkin.observability.svc:9411/api/v2/spans',
    );
  });

  it('names the release as the tests render it', () => {
    const gateway = rendered.default.find((o) => o.kind === 'Deployment' && component(o) === 'gateway')!;
    expect(gateway.metadata.labels?.['app.kubernetes.io/instance']).toBe(RELEASE);
  });
});
