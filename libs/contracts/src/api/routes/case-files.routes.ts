import {
  AttachmentPage,
  AttachmentResource,
  AttachmentUploadForm,
  CaseFileAuditPage,
  CaseFileResource,
  CreateCaseFileRequest,
  GetCaseFileQuery,
  ListAttachmentsQuery,
  ListCaseFileAuditQuery,
  UpdateCaseFileRequest,
} from '../case-files';
import { CreatePatientRequest, FindPatientsQuery, PatientList, PatientResource } from '../patients';
import { routeGroup, type RequestHeader } from './route-declaration';

/** Whoever may read a case file: the referring organization's members, a specialist through a grant. */
export const CASE_FILE_READERS = ['clinician', 'coordinator', 'admin', 'specialist'] as const;

const ETAG = {
  ETag: {
    description: 'The version of the case file, to send back as `If-Match`',
    schema: { type: 'string' },
  },
};

const TUS_RESUMABLE: RequestHeader = { name: 'Tus-Resumable', required: true, description: '`1.0.0`' };
const EXPIRED = { status: 410, description: 'Expired' };

/** The case-files service's patient routes: identity, the CNIC only ever masked, every access audited there. */
export const PATIENT_ROUTES = routeGroup({
  name: 'patients',
  tag: 'patients',
  upstream: 'case-files',
  routes: {
    createPatient: {
      method: 'POST',
      path: 'v1/patients',
      roles: ['clinician'],
      body: CreatePatientRequest,
      answer: { status: 201, type: PatientResource },
      idempotency: 'required',
      problems: [
        400,
        { status: 409, description: 'This CNIC is registered already: `existingPatientId`' },
        413,
        415,
        422,
      ],
      summary: 'Register a patient',
      description:
        "Role `clinician`. The patient belongs to the caller's organization. The CNIC or B-Form number is stored encrypted and only ever returned masked; registering the same one twice in an organization is 409 with `existingPatientId`.",
    },
    findPatients: {
      method: 'GET',
      path: 'v1/patients',
      roles: ['clinician'],
      query: FindPatientsQuery,
      answer: { status: 200, type: PatientList },
      problems: [400, 422],
      summary: 'Find a patient by CNIC',
      description: "Role `clinician`. Exact lookup within the caller's organization.",
    },
    getPatient: {
      method: 'GET',
      path: 'v1/patients/:id',
      roles: ['admin', 'coordinator', 'clinician', 'specialist'],
      answer: { status: 200, type: PatientResource },
      problems: [400, 404],
      summary: 'Read a patient',
      description:
        'The registering organization; a specialist holding a referral on a case file of this patient (404 before the claim and after the release). The CNIC comes back masked.',
    },
  },
});

/** The case-files service's case-file routes: versioned with ETag / If-Match, every access audited there. */
export const CASE_FILE_ROUTES = routeGroup({
  name: 'caseFiles',
  tag: 'case-files',
  upstream: 'case-files',
  routes: {
    createCaseFile: {
      method: 'POST',
      path: 'v1/case-files',
      roles: ['clinician'],
      body: CreateCaseFileRequest,
      answer: { status: 201, type: CaseFileResource, headers: ETAG },
      idempotency: 'required',
      problems: [400, 404, 409, 413, 415, 422],
      summary: 'Open a case file',
      description:
        "Role `clinician`, for a patient of the caller's organization (another organization's: 404).",
    },
    getCaseFile: {
      method: 'GET',
      path: 'v1/case-files/:id',
      roles: CASE_FILE_READERS,
      query: GetCaseFileQuery,
      answer: { status: 200, type: CaseFileResource, headers: ETAG },
      problems: [400, 404, 422],
      summary: 'Read a case file',
      description:
        'The referring organization, and a specialist while holding a referral on it (and for follow-up after it closed). `?version=N` gives an earlier version.',
    },
    updateCaseFile: {
      method: 'PATCH',
      path: 'v1/case-files/:id',
      roles: ['clinician'],
      body: UpdateCaseFileRequest,
      headers: [
        { name: 'If-Match', required: true, description: 'The ETag of the version you read, e.g. `"3"`' },
      ],
      answer: { status: 200, type: CaseFileResource, headers: ETAG },
      problems: [
        400,
        404,
        { status: 409, description: 'The case file changed since you read it: read it again' },
        413,
        415,
        422,
        { status: 428, description: 'If-Match is required' },
      ],
      summary: 'Change a case file',
      description:
        'Role `clinician` of the referring organization. Send `If-Match` with the version you read; every change makes a new version.',
    },
    caseFileAudit: {
      method: 'GET',
      path: 'v1/case-files/:id/audit',
      roles: ['clinician', 'admin'],
      query: ListCaseFileAuditQuery,
      answer: { status: 200, type: CaseFileAuditPage },
      problems: [400, 404, 422],
      summary: 'Who read or changed a case file',
      description: 'Clinicians of the owning organization, admin. Newest first.',
    },
    addAttachment: {
      method: 'POST',
      path: 'v1/case-files/:id/attachments',
      roles: ['clinician'],
      form: { consumes: 'multipart/form-data', type: AttachmentUploadForm },
      answer: {
        status: 201,
        type: AttachmentResource,
        headers: { Location: { description: 'Where to download it', schema: { type: 'string' } } },
      },
      idempotency: 'optional',
      problems: [
        { status: 400, description: 'Empty file or malformed multipart body' },
        404,
        { status: 413, description: 'Over the attachment limit: nothing stored' },
        { status: 415, description: 'Not JPEG, PNG, PDF or DICOM (by content), or not multipart' },
        422,
      ],
      summary: 'Attach a file to a case file',
      description:
        'Role `clinician` of the referring organization. Multipart `file` (and `description`): JPEG, PNG, PDF or DICOM, ' +
        'the type detected from the content (anything else 415), at most `ATTACHMENT_MAX_BYTES` (default 20 MiB; over it 413, nothing stored). ' +
        'On a connection that drops, use the resumable upload (`/v1/uploads`) instead.',
    },
    listAttachments: {
      method: 'GET',
      path: 'v1/case-files/:id/attachments',
      roles: CASE_FILE_READERS,
      query: ListAttachmentsQuery,
      answer: { status: 200, type: AttachmentPage },
      problems: [400, 404, 422],
      summary: "List a case file's attachments",
      description:
        'Whoever may download them (the referring organization; a specialist while holding a referral on the case file): ' +
        'what the upload answered of each (type, size, SHA-256, description, time), oldest first. ' +
        'Anyone else 404, as for the case file. Audited as a read of the case file.',
    },
    downloadAttachment: {
      method: 'GET',
      path: 'v1/case-files/:id/attachments/:attachmentId',
      roles: CASE_FILE_READERS,
      piped: true,
      headers: [{ name: 'Range', required: false, description: 'One range, e.g. `bytes=1048576-`' }],
      produces: ['image/jpeg', 'image/png', 'application/pdf', 'application/dicom'],
      answer: {
        status: 200,
        description: 'The bytes',
        content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
      },
      otherAnswers: [
        { status: 206, description: 'The range asked for, with `Content-Range`' },
        { status: 304, description: 'Unchanged since the `If-None-Match` ETag' },
      ],
      problems: [400, 404, { status: 416, description: 'The range starts beyond the end' }],
      summary: 'Download an attachment',
      description:
        'Whoever may read the case file. `ETag` is the SHA-256; `Range: bytes=start-end` gives 206 with `Content-Range` ' +
        '(416 beyond the end); `If-None-Match` gives 304. Every download is audited.',
    },
    createUpload: {
      method: 'POST',
      path: 'v1/uploads',
      roles: ['clinician'],
      tag: 'uploads',
      piped: true,
      headers: [
        TUS_RESUMABLE,
        { name: 'Upload-Length', required: true, description: 'The size of the file in bytes' },
        {
          name: 'Upload-Metadata',
          required: true,
          description: '`caseFileId <base64>`, optionally `,description <base64>`',
        },
      ],
      answer: { status: 201, description: 'Created: `Location` is the upload' },
      problems: [400, 404, { status: 412, description: 'Tus-Resumable missing' }, 413, 422],
      summary: 'Start a resumable upload (tus 1.0)',
      description:
        'Role `clinician` of the referring organization. tus 1.0 creation: `Tus-Resumable: 1.0.0`, `Upload-Length` (at most the attachment limit), ' +
        '`Upload-Metadata: caseFileId <base64>[,description <base64>]`. Answers 201 with `Location: /v1/uploads/{uploadId}`. ' +
        'When the last byte arrives the upload becomes the attachment `{uploadId}` of the case file (type detected as for multipart; ' +
        'an unaccepted type is 415 and the upload is discarded). Unfinished uploads expire (`Upload-Expires`).',
    },
    uploadOffset: {
      method: 'HEAD',
      path: 'v1/uploads/:uploadId',
      roles: ['clinician'],
      tag: 'uploads',
      piped: true,
      headers: [TUS_RESUMABLE],
      answer: { status: 200, description: '`Upload-Offset` and `Upload-Length`' },
      problems: [404, EXPIRED],
      summary: 'How much of an upload arrived',
      description: '`Upload-Offset`: send the rest from there. 404 unknown or not yours; 410 expired.',
    },
    uploadBytes: {
      method: 'PATCH',
      path: 'v1/uploads/:uploadId',
      roles: ['clinician'],
      tag: 'uploads',
      piped: true,
      headers: [
        TUS_RESUMABLE,
        { name: 'Upload-Offset', required: true, description: 'Where these bytes start' },
      ],
      answer: {
        status: 204,
        description:
          '`Upload-Offset` is the new offset; on the last bytes, `Content-Location` is the attachment',
      },
      problems: [404, 409, EXPIRED, 413, 415],
      summary: 'Send bytes of an upload',
      description:
        '`Content-Type: application/offset+octet-stream`, `Upload-Offset` equal to what `HEAD` answered (else 409). ' +
        'Bytes that arrived before a dropped connection are kept. More bytes than `Upload-Length`: 413, nothing of the request kept.',
    },
    deleteUpload: {
      method: 'DELETE',
      path: 'v1/uploads/:uploadId',
      roles: ['clinician'],
      tag: 'uploads',
      piped: true,
      headers: [TUS_RESUMABLE],
      answer: { status: 204, description: 'Deleted' },
      problems: [404],
      summary: 'Abandon an upload',
      description: 'tus termination: the bytes received are deleted.',
    },
  },
});
