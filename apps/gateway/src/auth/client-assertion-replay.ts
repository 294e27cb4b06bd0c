import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Clock, PeriodicTask } from '@referral/platform-database';
import { LOGGER } from '@referral/platform-http';

const PURGE_INTERVAL_MS = 5 * 60_000;
const PURGE_BATCH = 1000;

/**
 * Each client assertion is used once (RFC 7523 §3, SMART Backend Services): its `jti` is recorded
 * per client in `client_assertion_jti` until the assertion could no longer be accepted anyway, in
 * PostgreSQL so that every gateway instance sees it. Every five minutes each instance deletes a batch
 * of records past that time.
 */
@Injectable()
export class ClientAssertionReplay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly purgeTask = new PeriodicTask(
    async () => (await this.purge()) === PURGE_BATCH,
    (error) => this.logger.warn({ err: error }, 'client assertion jti purge failed'),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly clock: Clock,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.purgeTask.start(PURGE_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.purgeTask.stop();
  }

  /**
   * Records the `jti` of the client's assertion; false when it was seen before and its record has not
   * expired (a replay). One statement: two instances given the same assertion at once cannot both pass.
   */
  async firstUse(clientId: string, jti: string, usableUntil: Date): Promise<boolean> {
    const rows: unknown[] = await this.dataSource.query(
      `INSERT INTO client_assertion_jti (client_id, jti, expires_at) VALUES ($1, $2, $3)
       ON CONFLICT (client_id, jti) DO UPDATE SET expires_at = EXCLUDED.expires_at
        WHERE client_assertion_jti.expires_at <= $4
       RETURNING 1`,
      [clientId, jti, usableUntil, this.clock.now()],
    );
    return rows.length === 1;
  }

  /** Deletes up to a batch of records past their time; how many it deleted. */
  async purge(): Promise<number> {
    const rows: { n: number }[] = await this.dataSource.query(
      `WITH gone AS (
         DELETE FROM client_assertion_jti
          WHERE ctid IN (SELECT ctid FROM client_assertion_jti WHERE expires_at <= $2 LIMIT $1)
          RETURNING 1)
       SELECT count(*)::int AS n FROM gone`,
      [PURGE_BATCH, this.clock.now()],
    );
    const deleted = rows[0]?.n ?? 0;
    if (deleted > 0) this.logger.debug({ deleted }, 'expired client assertion jtis purged');
    return deleted;
  }
}
