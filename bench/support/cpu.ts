/**
 * Where the machine's CPU went during a measured window (Linux /proc): the stack's services, the
 * PostgreSQL backends serving the benchmark's databases, Kafka, the load generator, and everything
 * else on the machine — which on a shared machine says how far the figures can be trusted.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import type { Client } from 'pg';

/** Busy and total ticks of all CPUs (from the first line of /proc/stat). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal guest guest_nice (guest is inside user)
  const total = fields.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = fields[3] + fields[4];
  return { busy: total - idle, total };
}

/** utime + stime of a process, in ticks; 0 once it is gone. */
function processTicks(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

/** The pid in `<dir>/<name>.pid`, as stack.sh and kafka.sh write them. */
function pidFile(dir: string, name: string): number[] {
  try {
    const pid = Number(readFileSync(path.join(dir, `${name}.pid`), 'utf8').trim());
    return pid > 0 ? [pid] : [];
  } catch {
    return [];
  }
}

export interface CpuReading {
  line: string;
  /** CPU seconds per group, and `everything else`. */
  seconds: Record<string, number>;
  /** Wall seconds between start and stop. */
  elapsed: number;
}

/** Ticks per second of /proc's CPU times (USER_HZ). */
const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();

export interface CpuGroups {
  /** Process ids per group, read again at the end (backends come and go). */
  [group: string]: () => Promise<number[]> | number[];
}

export class CpuMeter {
  private startMachine = machineTicks();
  private startedAt = Date.now();
  private startProcesses = new Map<number, number>();

  constructor(private readonly groups: CpuGroups) {}

  async start(): Promise<this> {
    this.startMachine = machineTicks();
    this.startedAt = Date.now();
    this.startProcesses.clear();
    for (const pids of await this.allPids())
      for (const pid of pids) this.startProcesses.set(pid, processTicks(pid));
    return this;
  }

  /**
   * `line`: shares of the whole machine (all CPUs) during the window; `seconds`: CPU seconds per
   * group (and `everything else`).
   */
  async stop(): Promise<CpuReading> {
    const end = machineTicks();
    const total = end.total - this.startMachine.total;
    const share = (ticks: number) => `${((100 * ticks) / total).toFixed(0)}%`;
    const names = Object.keys(this.groups);
    const allPids = await this.allPids();
    let accounted = 0;
    const seconds: Record<string, number> = {};
    const parts = names.map((name, i) => {
      const ticks = [...new Set(allPids[i])].reduce(
        (sum, pid) => sum + Math.max(0, processTicks(pid) - (this.startProcesses.get(pid) ?? 0)),
        0,
      );
      accounted += ticks;
      seconds[name] = ticks / CLOCK_TICKS;
      return `${name} ${share(ticks)}`;
    });
    const busy = end.busy - this.startMachine.busy;
    const others = Math.max(0, busy - accounted);
    seconds['everything else'] = others / CLOCK_TICKS;
    parts.push(`everything else ${share(others)}`);
    return {
      line: `CPU (share of all ${availableParallelism()} CPUs): busy ${share(busy)} — ${parts.join(', ')}`,
      seconds,
      elapsed: (Date.now() - this.startedAt) / 1000,
    };
  }

  private allPids(): Promise<number[][]> {
    return Promise.all(Object.values(this.groups).map(async (pids) => pids()));
  }
}

/** The usual groups of a stack benchmark: each service, its databases' backends, Kafka, this process. */
export function stackCpuGroups(
  services: readonly string[],
  stateDir: string,
  kafkaDataDir: string,
  database: Client,
  prefix: string,
  /** Backends not to count: the benchmark's own connections (its checks and this meter's query). */
  exclude: () => number[] = () => [],
): CpuGroups {
  return {
    ...Object.fromEntries(services.map((service) => [service, () => pidFile(stateDir, service)])),
    [`PostgreSQL (${prefix}* backends)`]: async () =>
      (
        await database.query<{ pid: number }>(
          `SELECT pid FROM pg_stat_activity WHERE starts_with(datname, $1) AND pid <> ALL($2::int[])`,
          [prefix, exclude()],
        )
      ).rows.map((r) => r.pid),
    Kafka: () => pidFile(kafkaDataDir, 'kafka'),
    'load generator': () => [process.pid],
  };
}

/**
 * CPU milliseconds per operation of each named group over `reading`, less what the group burns idle
 * (`idle`: a reading over a window without load, scaled to the reading's length), and their sum.
 */
export function perOperationOverIdle(
  reading: CpuReading,
  idle: CpuReading,
  operations: number,
  groups: string[],
): { total: number; each: [string, number][]; idleEach: [string, number][] } {
  const each = groups.map((group): [string, number] => {
    const idleSeconds = ((idle.seconds[group] ?? 0) / idle.elapsed) * reading.elapsed;
    return [group, (((reading.seconds[group] ?? 0) - idleSeconds) * 1000) / operations];
  });
  const idleEach = groups.map((group): [string, number] => [
    group,
    ((idle.seconds[group] ?? 0) * 1000) / idle.elapsed,
  ]);
  return { total: each.reduce((sum, [, v]) => sum + v, 0), each, idleEach };
}
