import { Module } from '@nestjs/common';
import { DirectoryEventsConsumer } from './directory-events.consumer';
import { OrganizationProjection } from './organization-projection';
import { PractitionerProjection } from './practitioner-projection';

/**
 * The projection of the directory's practitioners and roles (from `directory.practitioner.v1`) and of
 * its organizations (from `directory.organization.v1`).
 */
@Module({
  controllers: [DirectoryEventsConsumer],
  providers: [PractitionerProjection, OrganizationProjection],
  exports: [PractitionerProjection, OrganizationProjection],
})
export class DirectoryModule {}
