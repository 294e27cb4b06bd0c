import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';

/**
 * Documents `Idempotency-Key` on a POST: required on the creating POSTs API.md names, optional on
 * the others, which the gateway handles the same way (a workflow action retried after a dropped
 * connection gets its first answer again instead of a 409).
 */
export function ApiIdempotencyKey(options: { required: boolean }) {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: options.required,
      description:
        'A unique key per intended operation (e.g. a UUID). The same key and body within 24 h return the first answer again, marked `Idempotent-Replayed: true`; the same key with another body is 422; while the first request is still running, 409. Keys are scoped to the API client.',
      schema: {
        type: 'string',
        minLength: 1,
        maxLength: 255,
        example: '1f0e6a52-8d1b-4c7e-9a3f-5b2c4d6e8f01',
      },
    }),
  );
}
