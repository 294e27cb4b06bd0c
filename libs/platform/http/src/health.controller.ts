import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DataSource } from 'typeorm';
import { Public } from '@referral/platform-auth';
import { KafkaHealth } from '@referral/platform-kafka';
import { metricsRegistry } from '@referral/platform-observability';

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  work.catch(() => undefined);
  try {
    return await Promise.race([
      work,
      new Promise<never>(
        (_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)),
      ),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Public: orchestrators and Prometheus probe these without tokens; they reveal no patient data. */
@Public()
@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly kafka: KafkaHealth,
  ) {}

  /** The process is up and serving HTTP; says nothing about its dependencies. */
  @Get('health/live')
  @HttpCode(200)
  live() {
    return { status: 'up' };
  }

  /** Ready to do real work: its database and Kafka both answer. 503 otherwise. */
  @Get('health/ready')
  async ready(@Res({ passthrough: true }) reply: FastifyReply) {
    const [database, kafka] = await Promise.all([
      within(2000, this.dataSource.query('SELECT 1'))
        .then(() => ({ up: true }))
        .catch((error: Error) => ({ up: false, error: error.message })),
      this.kafka.check(2000),
    ]);
    const up = database.up && kafka.up;
    reply.status(up ? 200 : 503);
    return { status: up ? 'up' : 'down', checks: { database, kafka } };
  }

  @Get('metrics')
  async metrics(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('content-type', metricsRegistry.contentType);
    return metricsRegistry.metrics();
  }
}
