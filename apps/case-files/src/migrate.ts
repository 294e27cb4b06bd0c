import 'reflect-metadata';
import { migrateService } from '@referral/platform-http';
import { caseFilesService } from './service';

/** Creates the case-files database when missing and applies pending migrations. */
migrateService(caseFilesService()).catch((error: Error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'case-files', msg: 'migration failed', err: error.message })}\n`,
  );
  process.exit(1);
});
