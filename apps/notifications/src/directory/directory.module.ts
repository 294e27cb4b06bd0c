import { Module } from '@nestjs/common';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { PractitionerProjection } from './practitioner-projection';

/** The projection of the directory's practitioners and roles (from `directory.practitioner.v1`). */
@Module({
  controllers: [DirectoryEventsConsumer],
  providers: [PractitionerProjection],
  exports: [PractitionerProjection],
})
export class DirectoryModule {}
