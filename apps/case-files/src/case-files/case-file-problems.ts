import { ProblemException, ValidationProblem } from '@referral/platform-http';

export const caseFileNotFound = (id: string) =>
  ProblemException.of('not-found', {
    detail: `Case file ${id} was not found`,
  });

export const caseFileVersionNotFound = (id: string, version: number) =>
  ProblemException.of('not-found', {
    detail: `Case file ${id} has no version ${version}`,
  });

/** A patient that does not exist and one of another organization look the same. */
export const patientNotFound = (patientId: string) =>
  ProblemException.of('not-found', {
    detail: `Patient ${patientId} was not found`,
    errors: [{ field: 'patientId', message: 'patientId is not a patient of your organization' }],
  });

export const ifMatchRequired = () =>
  ProblemException.of('precondition-required', {
    detail: 'Send If-Match: "<version>" with the ETag of the version the change is based on',
  });

export const ifMatchMalformed = () =>
  ProblemException.of('bad-request', {
    title: 'If-Match is malformed',
    detail: 'If-Match must be one ETag as the case file gives it, such as "3"',
  });

/** Someone changed the case file since the caller read it: nothing of this change was written. */
export const versionConflict = (id: string, currentVersion: number, basedOn: number) =>
  ProblemException.of('version-conflict', {
    detail:
      `Case file ${id} is at version ${currentVersion}, not ${basedOn}: read it again, ` +
      'then apply your change to the current version',
    extensions: { currentVersion },
  });

export const nothingToChange = () =>
  new ValidationProblem([{ field: 'body', message: 'give at least one field to change' }]);
