import 'reflect-metadata';
import { migrateService } from '@referral/platform-http';
import { gatewayService } from './service';

/** Creates the gateway database when missing and applies pending migrations. */
migrateService(gatewayService()).catch((error: Error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'gateway', msg: 'migration failed', err: error.message })}\n`,
  );
  process.exit(1);
});
