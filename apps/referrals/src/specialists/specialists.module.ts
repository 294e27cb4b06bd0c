import { Module } from '@nestjs/common';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { Eligibility } from './eligibility';
import { SpecialistProjection } from './specialist-projection';

/**
 * The projection of the directory's practitioners and roles (kept from `directory.practitioner.v1`)
 * and the eligibility queries that routing, claims and coordinators' rights read from it.
 */
@Module({
  controllers: [DirectoryEventsConsumer],
  providers: [SpecialistProjection, Eligibility],
  exports: [Eligibility],
})
export class SpecialistsModule {}
