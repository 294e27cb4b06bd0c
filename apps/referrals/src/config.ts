import { Type } from 'class-transformer';
import { IsInt, IsUrl, Max, Min } from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';
import { WithIdempotencyEnv } from '@referral/platform-idempotency';

const hours = () => (target: object, property: string) => {
  Type(() => Number)(target, property);
  IsInt()(target, property);
  Min(1)(target, property);
  Max(24 * 90)(target, property);
};

/** The referrals service's environment; see the README's configuration table. */
export class ReferralsEnv extends WithIdempotencyEnv(ServiceEnv) {
  override PORT = 3001;
  override DATABASE_NAME = 'referrals';

  /** The case-files service, asked at submission whether the case file is the caller's (its summary). */
  @IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true })
  CASE_FILES_URL = 'http://127.0.0.1:3003';

  /** How long to wait for case-files before answering 503. */
  @Type(() => Number)
  @IsInt()
  @Min(100)
  @Max(60_000)
  CASE_FILES_TIMEOUT_MS = 5000;

  /** Hours to claim a routine referral from the pool (DESIGN.md §4: 24). */
  @hours()
  DEADLINE_ROUTINE_CLAIM_HOURS = 24;

  /** Hours to answer a routine referral once claimed (7 days). */
  @hours()
  DEADLINE_ROUTINE_ANSWER_HOURS = 7 * 24;

  @hours()
  DEADLINE_URGENT_CLAIM_HOURS = 4;

  @hours()
  DEADLINE_URGENT_ANSWER_HOURS = 24;

  /** How often each instance looks for missed deadlines; 0 turns its scheduler off. */
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(3_600_000)
  DEADLINE_CHECK_INTERVAL_MS = 30_000;

  /** Referrals handled per deadline transaction (each locked with FOR UPDATE SKIP LOCKED). */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  DEADLINE_BATCH_SIZE = 100;
}
