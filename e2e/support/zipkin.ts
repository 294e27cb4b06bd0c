import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { waitUntil, workspaceRoot } from '@referral/testing';
import { freeBasePort } from './stack';

/** A span as Zipkin's v2 API returns it. */
export interface ZipkinSpan {
  traceId: string;
  id: string;
  parentId?: string;
  name: string;
  kind?: 'CLIENT' | 'SERVER' | 'PRODUCER' | 'CONSUMER';
  localEndpoint?: { serviceName?: string };
  tags?: Record<string, string>;
}

/** Zipkin's server jar: ZIPKIN_JAR, else fetched into ~/.m2 by deploy/local/prerequisites.sh. */
function zipkinJar(): string {
  const version = process.env.ZIPKIN_VERSION ?? '3.6.1';
  const jar =
    process.env.ZIPKIN_JAR ??
    path.join(
      process.env.MAVEN_REPOSITORY ?? path.join(homedir(), '.m2/repository'),
      `io/zipkin/zipkin-server/${version}/zipkin-server-${version}-exec.jar`,
    );
  if (!existsSync(jar)) {
    execFileSync('bash', ['-c', '. deploy/local/prerequisites.sh && prereq_zipkin'], {
      cwd: workspaceRoot,
      stdio: 'inherit',
      env: { ...process.env, ZIPKIN_JAR: jar },
    });
  }
  return jar;
}

/**
 * A real Zipkin server (in-memory storage) on 127.0.0.1 and a free port: the trace backend of the
 * tracing end-to-end test. Services export to `spansUrl`; the test reads traces back from its API.
 */
export class ZipkinServer {
  private process?: ChildProcess;
  private output = '';
  url = '';

  /** Starts the server; `ready()` waits for it (meanwhile its URL is known, e.g. to start a stack). */
  async launch(): Promise<this> {
    const port = await freeBasePort();
    this.url = `http://127.0.0.1:${port}`;
    this.process = spawn(
      'java',
      [
        '-Xms64m',
        '-Xmx256m',
        '-XX:TieredStopAtLevel=1',
        '-jar',
        zipkinJar(),
        `--armeria.ports[0].ip=127.0.0.1`,
        `--armeria.ports[0].port=${port}`,
      ],
      // Zipkin's own self-tracing and its UI's telemetry stay off; storage is in memory.
      { env: { ...process.env, STORAGE_TYPE: 'mem', SELF_TRACING_ENABLED: 'false' }, stdio: 'pipe' },
    );
    this.process.stdout?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk).slice(-20_000)));
    this.process.stderr?.on('data', (chunk: Buffer) => (this.output = (this.output + chunk).slice(-20_000)));
    return this;
  }

  async ready(): Promise<this> {
    await waitUntil(
      async () => {
        if (this.process?.exitCode !== null) throw new Error(`zipkin exited:\n${this.output}`);
        return (await fetch(`${this.url}/health`).catch(() => undefined))?.ok === true;
      },
      'Zipkin answering /health',
      60_000,
      250,
    );
    return this;
  }

  async start(): Promise<this> {
    return (await this.launch()).ready();
  }

  get spansUrl(): string {
    return `${this.url}/api/v2/spans`;
  }

  /** The spans Zipkin holds of one trace (none yet: an empty list). */
  async trace(traceId: string): Promise<ZipkinSpan[]> {
    const response = await fetch(`${this.url}/api/v2/trace/${traceId}`);
    if (response.status === 404) return [];
    if (!response.ok) throw new Error(`zipkin answered ${response.status} for trace ${traceId}`);
    return (await response.json()) as ZipkinSpan[];
  }

  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 10_000))]);
    if (child.exitCode === null) child.kill('SIGKILL');
  }
}
