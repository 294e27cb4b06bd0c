import { HttpStatus } from '@nestjs/common';
import { ProblemException, ValidationProblem } from '@referral/platform-http';

export const ACCEPTED_CONTENT_TYPES = ['image/jpeg', 'image/png', 'application/pdf', 'application/dicom'];

export const attachmentNotFound = (caseFileId: string, attachmentId: string) =>
  new ProblemException({
    status: HttpStatus.NOT_FOUND,
    code: 'not-found',
    title: 'Not found',
    detail: `Case file ${caseFileId} has no attachment ${attachmentId}`,
  });

export const emptyFile = () =>
  new ProblemException({
    status: HttpStatus.BAD_REQUEST,
    code: 'empty-file',
    title: 'The file is empty',
    detail: 'The file has no bytes: nothing was stored',
  });

export const fileTooLarge = (maxBytes: number) =>
  new ProblemException({
    status: HttpStatus.PAYLOAD_TOO_LARGE,
    code: 'file-too-large',
    title: 'The file is too large',
    detail: `Attachments may have at most ${maxBytes} bytes: nothing was stored`,
    extensions: { maxBytes },
  });

/** What the content is, whatever its name or declared type says. */
export const unsupportedFileType = (detected: string | undefined) =>
  new ProblemException({
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    code: 'unsupported-file-type',
    title: 'This kind of file is not accepted',
    detail:
      `The content is ${detected ? `of type ${detected}` : 'of no recognised type'}; ` +
      'attachments must be JPEG, PNG, PDF or DICOM (checked from the bytes, not the name)',
    extensions: { acceptedTypes: ACCEPTED_CONTENT_TYPES },
  });

export const multipartMalformed = (detail: string) =>
  new ProblemException({
    status: HttpStatus.BAD_REQUEST,
    code: 'bad-request',
    title: 'The multipart body is malformed',
    detail,
  });

export const fileMissing = () =>
  new ValidationProblem([{ field: 'file', message: 'send the file as the multipart part named file' }]);

export const descriptionTooLong = () =>
  new ValidationProblem([{ field: 'description', message: 'description must be at most 500 characters' }]);

export const rangeNotSatisfiable = (size: number) =>
  new ProblemException({
    status: HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
    code: 'range-not-satisfiable',
    title: 'Range not satisfiable',
    detail: `The attachment has ${size} bytes`,
    extensions: { size },
  });
