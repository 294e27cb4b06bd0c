import { ProblemException } from '@referral/platform-http';

/** The same answer for an unknown organization and one the caller may not see. */
export function organizationNotFound(id: string): ProblemException {
  return ProblemException.of('not-found', { detail: `Organization ${id} was not found` });
}
