import { NotFoundException } from '@nestjs/common';
import { ProblemException, ValidationProblem } from '@referral/platform-http';
import type { ReferralEntity } from './referral.entity';

export const referralNotFound = (id: string) => new NotFoundException(`Referral ${id} was not found`);

/** Not in this state: the detail names the current status and stage (API.md). */
export const wrongState = (detail: string, referral: ReferralEntity) =>
  ProblemException.of('referral-state-conflict', {
    detail,
    extensions: { currentStatus: referral.status, currentStage: referral.stage },
  });

export const notYours = (action: string) =>
  ProblemException.of('forbidden', {
    detail: `You may see this referral but not ${action} it`,
  });

export const atCapacity = (openCases: number, maxOpenCases: number, referral: ReferralEntity) =>
  ProblemException.of('specialist-at-capacity', {
    detail: `The specialist holds ${openCases} open cases of at most ${maxOpenCases} (status ${referral.status}, stage ${referral.stage})`,
    extensions: { currentStatus: referral.status, currentStage: referral.stage, openCases, maxOpenCases },
  });

export const unknownSpecialty = (code: string) =>
  new ValidationProblem([{ field: 'specialtyCode', message: `unknown specialty code ${code}` }]);

export const ineligibleSpecialist = (field: string, reason: string) =>
  new ValidationProblem([
    { field, message: `the practitioner may not take referrals of this specialty (${reason})` },
  ]);

export const caseFileNotFound = (id: string) => new NotFoundException(`Case file ${id} was not found`);

export const caseFilesUnavailable = () =>
  ProblemException.of('service-unavailable', {
    detail: 'The case-files service did not answer; try again',
  });

export const unknownAttachments = (ids: string[]) =>
  new ValidationProblem([
    {
      field: 'attachmentIds',
      message: `not attachments of the referral's case file that you may read: ${ids.join(', ')}`,
    },
  ]);
