import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { ContractViolationError, type FieldError } from './errors';
import { getEventDefinition } from './registry';

export type EventDataValidation = { valid: true; value: object } | { valid: false; errors: FieldError[] };

/**
 * Validates `data` against the payload class of `type`. A valid `value` is an instance of that class,
 * so `instanceof` narrows it. Fields the contract does not name are violations, not silently dropped.
 * @throws UnknownEventTypeError
 */
export function validateEventData(type: string, data: unknown): EventDataValidation {
  const { payload } = getEventDefinition(type);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { valid: false, errors: [{ field: 'data', message: 'data must be a JSON object' }] };
  }
  const value = plainToInstance(payload, data);
  const errors = validateSync(value, { whitelist: true, forbidNonWhitelisted: true });
  return errors.length === 0 ? { valid: true, value } : { valid: false, errors: flatten(errors) };
}

/** @throws ContractViolationError naming every invalid field, UnknownEventTypeError */
export function assertEventData(type: string, data: unknown): object {
  const result = validateEventData(type, data);
  if (!result.valid) throw new ContractViolationError(`invalid ${type} data`, result.errors);
  return result.value;
}

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}
