import { HttpException, HttpStatus } from '@nestjs/common';

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Stable problem types, one per error code: clients switch on `type`, never on `detail`. */
export const problemType = (code: string) => `urn:problem-type:${code}`;

const codesByStatus: Record<number, string> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'validation-failed',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

export function codeForStatus(status: number): string {
  return codesByStatus[status] ?? (status >= 500 ? 'internal-error' : 'client-error');
}

export interface ProblemInput {
  status: number;
  code?: string;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  /** Extension members, e.g. `existingPatientId`. */
  extensions?: Record<string, unknown>;
}

/** An error that already knows its problem: thrown by services, mapped as-is by the filter. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInput) {
    super(problem.detail ?? '', problem.status);
  }

  toProblem(): ProblemDetails {
    const { code, title, status, detail, errors, extensions } = this.problem;
    return {
      ...extensions,
      type: problemType(code ?? codeForStatus(status)),
      title: title ?? defaultTitle(status),
      status,
      ...(detail !== undefined && { detail }),
      ...(errors && { errors }),
    };
  }
}

export class ValidationProblem extends ProblemException {
  constructor(errors: FieldError[]) {
    super({
      status: HttpStatus.UNPROCESSABLE_ENTITY,
      code: 'validation-failed',
      title: 'The request is not valid',
      detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '),
      errors,
    });
  }
}

export function defaultTitle(status: number): string {
  const name = HttpStatus[status];
  if (!name) return status >= 500 ? 'Internal error' : 'Request failed';
  return name
    .toLowerCase()
    .split('_')
    .map((w, i) => (i === 0 ? w[0].toUpperCase() + w.slice(1) : w))
    .join(' ');
}
