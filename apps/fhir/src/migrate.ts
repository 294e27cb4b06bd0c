import 'reflect-metadata';
import { migrateService } from '@referral/platform-http';
import { fhirService } from './service';

/** Creates the fhir database when missing and applies pending migrations. */
migrateService(fhirService()).catch((error: Error) => {
  process.stderr.write(
    `${JSON.stringify({ level: 'fatal', service: 'fhir', msg: 'migration failed', err: error.message })}\n`,
  );
  process.exit(1);
});
