import 'reflect-metadata';
import { migrateService } from '@referral/platform-http';
import { directoryService } from './service';

/** Creates the directory database when missing and applies pending migrations. */
migrateService(directoryService()).catch((error: Error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'directory', msg: 'migration failed', err: error.message })}\n`,
  );
  process.exit(1);
});
