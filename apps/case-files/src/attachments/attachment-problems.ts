import { ProblemException, ValidationProblem } from '@referral/platform-http';

export const ACCEPTED_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/dicom'];

export const attachmentNotFound = (caseFileId: string, attachmentId: string) =>
  ProblemException.of('not-found', {
    detail: `Case file ${caseFileId} has no attachment ${attachmentId}`,
  });

export const emptyFile = () =>
  ProblemException.of('empty-file', {
    detail: 'The file has no bytes: nothing was stored',
  });

export const fileTooLarge = (maxBytes: number) =>
  ProblemException.of('file-too-large', {
    detail: `Attachments may have at most ${maxBytes} bytes: nothing was stored`,
    extensions: { maxBytes },
  });

/** What the content is, whatever its name or declared type says. */
export const unsupportedFileType = (detected: string | undefined) =>
  ProblemException.of('unsupported-file-type', {
    detail:
      `The content is ${detected ? `of type ${detected}` : 'of no recognised type'}; ` +
      'attachments must be JPEG, PNG, PDF or DICOM (checked from the bytes, not the name)',
    extensions: { acceptedTypes: ACCEPTED_CONTENT_TYPES },
  });

export const multipartMalformed = (detail: string) =>
  ProblemException.of('bad-request', {
    title: 'The multipart body is malformed',
    detail,
  });

export const fileMissing = () =>
  new ValidationProblem([{ field: 'file', message: 'send the file as the multipart part named file' }]);

export const descriptionTooLong = () =>
  new ValidationProblem([{ field: 'description', message: 'description must be at most 500 characters' }]);

export const rangeNotSatisfiable = (size: number) =>
  ProblemException.of('range-not-satisfiable', {
    detail: `The attachment has ${size} bytes`,
    extensions: { size },
  });
