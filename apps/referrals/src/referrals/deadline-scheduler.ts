import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import { Clock, PeriodicTask } from '@referral/platform-database';
import { SERVICE_ENV } from '@referral/platform-http';
import type { ReferralsEnv } from '../config';
import { ReferralWorkflow } from './referral-workflow.service';
import { ReferralEntity } from './referral.entity';

export interface DeadlineRun {
  /** Referrals whose claim deadline passed: `claim_overdue` + `escalated`, the pool widened. */
  escalated: number;
  /** Held referrals whose answer deadline passed: `answer_overdue`, back to the pool. */
  released: number;
}

/** What each kind of missed deadline selects (served by the partial indexes of the workflow migration). */
const OVERDUE = {
  escalate: `status = 'requested' AND stage IN ('pool', 'assigned') AND claim_due_at <= $1`,
  'release-overdue': `status IN ('received', 'in-progress') AND stage IN ('claimed', 'answering') AND answer_due_at <= $1`,
} as const;

/**
 * Missed deadlines (DESIGN.md §4). The deadlines are stored with each referral, so a restart loses
 * nothing: every instance looks every `DEADLINE_CHECK_INTERVAL_MS`, and takes overdue referrals in
 * batches with `FOR UPDATE SKIP LOCKED`, so that several instances share the work and none handles a
 * referral another is handling. Each referral changes through the state machine in the same
 * transaction (history, events, new deadlines), so it is escalated or released once: afterwards it
 * no longer matches. A clarification being awaited (`on-hold`) pauses the answer clock: it never matches.
 */
@Injectable()
export class DeadlineScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DeadlineScheduler.name);
  private readonly task = new PeriodicTask(
    async () => (await this.runOnce(), false),
    (error) => this.logger.error(`deadline check failed: ${error.message}`),
  );

  constructor(
    private readonly dataSource: DataSource,
    private readonly workflow: ReferralWorkflow,
    @Inject(SERVICE_ENV) private readonly env: ReferralsEnv,
    private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.task.start(this.env.DEADLINE_CHECK_INTERVAL_MS);
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  /** Handles every referral overdue at `now` (the service's Clock; tests move it, or pass the instant). */
  async runOnce(now = this.clock.now()): Promise<DeadlineRun> {
    const escalated = await this.drain('escalate', now);
    const released = await this.drain('release-overdue', now);
    if (escalated || released) this.logger.log(`deadlines: ${escalated} escalated, ${released} released`);
    return { escalated, released };
  }

  private async drain(action: keyof typeof OVERDUE, now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      if (this.task.isStopped) return total;
      const changed = await this.dataSource.transaction(async (manager) => {
        const batch = await this.overdue(manager, action, now);
        let count = 0;
        for (const referral of batch) {
          if (await this.workflow.actAsSystem(manager, referral, action, now)) count++;
        }
        return { selected: batch.length, count };
      });
      total += changed.count;
      if (changed.selected < this.env.DEADLINE_BATCH_SIZE || changed.count === 0) return total;
    }
  }

  private async overdue(
    manager: EntityManager,
    action: keyof typeof OVERDUE,
    now: Date,
  ): Promise<ReferralEntity[]> {
    const ids: { id: string }[] = await manager.query(
      `SELECT id FROM referral WHERE ${OVERDUE[action]}
        ORDER BY ${action === 'escalate' ? 'claim_due_at' : 'answer_due_at'}, id
        LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [now, this.env.DEADLINE_BATCH_SIZE],
    );
    if (ids.length === 0) return [];
    return manager.findBy(ReferralEntity, { id: In(ids.map((row) => row.id)) });
  }
}
