import { ServiceEnv } from '@referral/platform-config';

/** The referrals service's environment; see the README's configuration table. */
export class ReferralsEnv extends ServiceEnv {
  override PORT = 3001;
  override DATABASE_NAME = 'referrals';
}
