import { HttpException, HttpStatus } from '@nestjs/common';
import { PROBLEMS, problemCodeForStatus, type ProblemCode, type ProblemType } from '@referral/contracts';

export interface FieldError {
  field: string;
  message: string;
}

export interface ProblemDetails {
  /** One of the registry's types (PROBLEMS). */
  type: ProblemType;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

/** Stable problem types, one per error code (libs/contracts' PROBLEMS): clients switch on `type`, never on `detail`. */
export const problemType = (code: ProblemCode): ProblemType => PROBLEMS[code].type;

export interface ProblemInput {
  status: number;
  /** Without one, the generic code of the status (problemCodeForStatus). */
  code?: ProblemCode;
  title?: string;
  detail?: string;
  errors?: FieldError[];
  /** Extension members, e.g. `existingPatientId`. */
  extensions?: Record<string, unknown>;
}

/** What one occurrence of a registered problem says: the registry gives code, status and title. */
export interface ProblemOccurrence {
  detail?: string;
  errors?: FieldError[];
  extensions?: Record<string, unknown>;
  /** A title more specific than the registry's, for this occurrence (e.g. which header is malformed). */
  title?: string;
}

/** An error that already knows its problem: thrown by services, mapped as-is by the filter. */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemInput) {
    super(problem.detail ?? '', problem.status);
  }

  /** The registered problem `code` (its status and title from PROBLEMS), as this occurrence tells it. */
  static of(code: ProblemCode, occurrence: ProblemOccurrence = {}): ProblemException {
    const { status, title } = PROBLEMS[code];
    return new ProblemException({ ...occurrence, status, code, title: occurrence.title ?? title });
  }

  toProblem(): ProblemDetails {
    const { code, title, status, detail, errors, extensions } = this.problem;
    return {
      ...extensions,
      type: problemType(code ?? problemCodeForStatus(status)),
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
      title: PROBLEMS['validation-failed'].title,
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
