import { ProblemException, ValidationProblem } from '@referral/platform-http';

/** The organization has a patient with this CNIC: its id, never the CNIC. */
export const patientExists = (existingPatientId: string) =>
  ProblemException.of('patient-exists', {
    detail: 'A patient with this CNIC is registered in your organization; existingPatientId names it',
    extensions: { existingPatientId },
  });

export const birthDateOrAge = () =>
  new ValidationProblem([
    { field: 'birthDate', message: 'give birthDate or ageYears (one of them, not both)' },
  ]);

export const birthDateInFuture = () =>
  new ValidationProblem([{ field: 'birthDate', message: 'birthDate must not be in the future' }]);
