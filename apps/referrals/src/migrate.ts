import 'reflect-metadata';
import { migrateService } from '@referral/platform-http';
import { referralsService } from './service';

/** Creates the referrals database when missing and applies pending migrations. */
migrateService(referralsService()).catch((error: Error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'referrals', msg: 'migration failed', err: error.message })}\n`,
  );
  process.exit(1);
});
