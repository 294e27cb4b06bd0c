import 'reflect-metadata';
import { migrateService } from '@referral/platform-http';
import { notificationsService } from './service';

/** Creates the notifications database when missing and applies pending migrations. */
migrateService(notificationsService()).catch((error: Error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'notifications', msg: 'migration failed', err: error.message })}\n`,
  );
  process.exit(1);
});
