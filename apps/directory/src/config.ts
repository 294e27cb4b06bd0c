import { ServiceEnv } from '@referral/platform-config';

/** The directory service's environment; see the README's configuration table. */
export class DirectoryEnv extends ServiceEnv {
  override PORT = 3002;
  override DATABASE_NAME = 'directory';
}
