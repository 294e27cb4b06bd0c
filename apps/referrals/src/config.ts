import { Type } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';

const hours = () => (target: object, property: string) => {
  Type(() => Number)(target, property);
  IsInt()(target, property);
  Min(1)(target, property);
  Max(24 * 90)(target, property);
};

/** The referrals service's environment; see the README's configuration table. */
export class ReferralsEnv extends ServiceEnv {
  override PORT = 3001;
  override DATABASE_NAME = 'referrals';

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
}
