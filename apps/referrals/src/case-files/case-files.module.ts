import { Module } from '@nestjs/common';
import { CaseFileEventsConsumer } from './case-file-events.consumer';
import { CaseFileProjection } from './case-file-projection';

/**
 * The projection of case files (kept from `case-files.case-file.v1`) that submissions and messages
 * decide from before they ask case-files.
 */
@Module({
  controllers: [CaseFileEventsConsumer],
  providers: [CaseFileProjection],
  exports: [CaseFileProjection],
})
export class CaseFilesModule {}
