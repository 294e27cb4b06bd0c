import type { FastifyRequest } from 'fastify';
import type { Multipart } from '@fastify/multipart';
import { descriptionTooLong, fileMissing, fileTooLarge, multipartMalformed } from './attachment-problems';
import { assertTextContent, ProblemException } from '@referral/platform-http';

export interface MultipartFile {
  content: Buffer;
  description: string | null;
}

const MAX_DESCRIPTION = 500;

/**
 * The `file` part (and the `description` field, before or after it) of a multipart body, the file
 * read into memory up to `maxBytes` (one file, at most 20 MiB by default): over the limit is 413
 * before anything is stored. Other parts are refused.
 */
export async function readMultipartFile(request: FastifyRequest, maxBytes: number): Promise<MultipartFile> {
  if (!request.isMultipart()) {
    throw ProblemException.of('unsupported-media-type', {
      title: 'Send multipart/form-data',
      detail: 'Attach a file as the multipart/form-data part named file',
    });
  }
  let content: Buffer | undefined;
  let description: string | null = null;
  try {
    const parts: AsyncIterable<Multipart> = request.parts({
      limits: { fileSize: maxBytes, files: 1, fields: 1, fieldSize: 4 * MAX_DESCRIPTION, parts: 2 },
    });
    for await (const part of parts) {
      if (part.type === 'file' && part.fieldname === 'file') {
        content = await part.toBuffer();
      } else if (part.type === 'field' && part.fieldname === 'description') {
        description = String(part.value);
      } else {
        if (part.type === 'file') part.file.resume();
        throw multipartMalformed(
          `unexpected part ${JSON.stringify(part.fieldname)}: send file and description only`,
        );
      }
    }
  } catch (error) {
    throw toProblem(error, maxBytes);
  }
  if (!content) throw fileMissing();
  if (description !== null && description.length > MAX_DESCRIPTION) throw descriptionTooLong();
  // as in a JSON body: U+0000 (which PostgreSQL cannot store) is 422, not a failed insert
  assertTextContent({ description });
  return { content, description: description === '' ? null : description };
}

function toProblem(error: unknown, maxBytes: number): unknown {
  if (error instanceof ProblemException) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') return fileTooLarge(maxBytes);
  if (code === 'FST_FILES_LIMIT' || code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return multipartMalformed('send one file (part file) and at most a description');
  }
  if (code?.startsWith('FST_') || error instanceof Error) {
    return multipartMalformed('the multipart body could not be read; send it again');
  }
  return error;
}
