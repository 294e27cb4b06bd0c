import { ServiceEnv } from '@referral/platform-config';

/** The notifications service's environment; see the README's configuration table. */
export class NotificationsEnv extends ServiceEnv {
  override PORT = 3004;
  override DATABASE_NAME = 'notifications';
}
