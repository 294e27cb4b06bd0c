import { createServer } from 'node:net';
import {
  SERVICES,
  startStack,
  type RunningStack,
  type StackOptions,
  type TestInfrastructure,
} from '@referral/testing';

/** Below Linux's ephemeral range (32768–60999) and above the developers' stacks (3000…, 3100…). */
const RANGE = { from: 20_000, to: 32_000 };
const ATTEMPTS = 5;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** A gateway port whose next five ports (the services') are free too, picked at random. */
export async function freeBasePort(): Promise<number> {
  for (;;) {
    const base = RANGE.from + 10 * Math.floor((Math.random() * (RANGE.to - RANGE.from)) / 10);
    const ports = SERVICES.map((_, i) => base + i);
    if ((await Promise.all(ports.map(portFree))).every(Boolean)) return base;
  }
}

/**
 * `startStack` on free ports: `startStack` alone takes 3100–3105, which collides with a stack another
 * engineer's end-to-end run has started there. Between the check and the services listening another
 * process may take a port: the stack then refuses to start, and this tries again on other ports.
 */
export async function startE2eStack(
  infra: TestInfrastructure,
  options: Omit<StackOptions, 'basePort'> = {},
): Promise<RunningStack> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startStack(infra, { ...options, basePort: await freeBasePort() });
    } catch (error) {
      if (attempt >= ATTEMPTS || !String((error as Error).message).includes('is taken by another process')) {
        throw error;
      }
    }
  }
}
