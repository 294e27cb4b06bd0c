import { ForbiddenException, NotFoundException } from '@nestjs/common';
import type { Caller } from '@referral/platform-auth';
import type { PractitionerEntity } from './practitioner.entity';

/**
 * Who may see or change a practitioner. Admins reach every organization; a coordinator its own
 * organization's practitioners; a practitioner themself; a `contact-reader` (the notifications
 * service) reads every practitioner and changes none. Those who may read the practitioner know it
 * exists (403 for what else they may not do); anyone else is told nothing (404, as for an id that
 * names no practitioner), members of the practitioner's organization included.
 */
export type PractitionerAction = 'read' | 'update' | 'update-role';

export function isSelf(caller: Caller, practitioner: PractitionerEntity): boolean {
  return caller.practitionerId === practitioner.id;
}

function allowed(caller: Caller, practitioner: PractitionerEntity, action: PractitionerAction): boolean {
  if (caller.roles.includes('admin')) return true;
  const ownOrganization = caller.organizationId === practitioner.organizationId;
  switch (action) {
    case 'read':
      return (
        isSelf(caller, practitioner) ||
        (ownOrganization && caller.roles.includes('coordinator')) ||
        // The notifications service, for phone, email and languages: every organization.
        caller.roles.includes('contact-reader')
      );
    case 'update':
      return ownOrganization && caller.roles.includes('coordinator');
    case 'update-role':
      return isSelf(caller, practitioner);
  }
}

/** @throws NotFoundException when the caller may not know it exists, ForbiddenException when they may */
export function assertAccess(
  caller: Caller,
  practitioner: PractitionerEntity | null,
  id: string,
  action: PractitionerAction,
): asserts practitioner is PractitionerEntity {
  if (practitioner && allowed(caller, practitioner, action)) return;
  if (practitioner && allowed(caller, practitioner, 'read')) {
    throw new ForbiddenException(
      `This practitioner cannot be ${action === 'read' ? 'read' : 'changed'} by the caller`,
    );
  }
  throw new NotFoundException(`Practitioner ${id} was not found`);
}
