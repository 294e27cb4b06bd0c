import { IsUrl } from 'class-validator';
import { ServiceEnv } from '@referral/platform-config';

const url = () => IsUrl({ require_tld: false, protocols: ['http', 'https'], require_protocol: true });

/** The gateway's environment; see the README's configuration table. */
export class GatewayEnv extends ServiceEnv {
  override PORT = 3000;
  override DATABASE_NAME = 'gateway';

  @url()
  REFERRALS_URL = 'http://127.0.0.1:3001';

  @url()
  DIRECTORY_URL = 'http://127.0.0.1:3002';

  @url()
  CASE_FILES_URL = 'http://127.0.0.1:3003';

  @url()
  NOTIFICATIONS_URL = 'http://127.0.0.1:3004';
}
