import { ProblemException, ValidationProblem } from '@referral/platform-http';
import {
  PMDC_NUMBER_CONSTRAINT,
  ROLE_UNIQUE_CONSTRAINT,
  violatedUniqueConstraint,
} from './practitioner.repository';

export const pmdcNumberTaken = () =>
  ProblemException.of('pmdc-number-taken', {
    detail: 'Another practitioner is registered with this PMDC number',
    errors: [{ field: 'pmdcNumber', message: 'pmdcNumber is registered to another practitioner' }],
  });

export const roleExists = () =>
  ProblemException.of('role-exists', {
    detail: 'The practitioner already holds a role in this specialty at this organization',
  });

export const unknownSpecialty = (field = 'specialtyCode') =>
  new ValidationProblem([{ field, message: `${field} is not a known specialty code (GET /v1/specialties)` }]);

export const unknownOrganization = (field = 'organizationId') =>
  new ValidationProblem([{ field, message: `${field} is not a known organization` }]);

/** A unique violation that a concurrent request won between our check and our insert, as its problem. */
export function uniqueViolationProblem(error: unknown): unknown {
  switch (violatedUniqueConstraint(error)) {
    case PMDC_NUMBER_CONSTRAINT:
      return pmdcNumberTaken();
    case ROLE_UNIQUE_CONSTRAINT:
      return roleExists();
    default:
      return error;
  }
}
