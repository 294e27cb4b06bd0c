import { ServiceEnv } from '@referral/platform-config';

/** The case-files service's environment; see the README's configuration table. */
export class CaseFilesEnv extends ServiceEnv {
  override PORT = 3003;
  override DATABASE_NAME = 'case_files';
}
