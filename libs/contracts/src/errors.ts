export interface FieldError {
  field: string;
  message: string;
}

/**
 * An event that does not honour its contract: a malformed envelope or data that fails validation.
 * Messages name fields, never values, so they can go into logs and DLQ headers without leaking PHI.
 */
export class ContractViolationError extends Error {
  constructor(
    readonly reason: string,
    readonly errors?: FieldError[],
  ) {
    super(errors?.length ? `${reason}: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}` : reason);
    this.name = 'ContractViolationError';
  }
}

export class UnknownEventTypeError extends ContractViolationError {
  constructor(readonly eventType: string) {
    super(`unknown event type "${eventType}"`);
    this.name = 'UnknownEventTypeError';
  }
}
