import { buildMessage, Matches, ValidateBy, ValidateIf, type ValidationOptions } from 'class-validator';

/** A UUID in any case (PostgreSQL writes them in lower case): ids in tokens, cursors and paths. */
export const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Absent, or set and valid: unlike `@IsOptional()`, null is not accepted. */
export function IsOmittable(options?: ValidationOptions): PropertyDecorator {
  return ValidateIf((_object, value) => value !== undefined, options);
}

/** An instant as producers write it: RFC 3339, UTC, with milliseconds (`Date#toISOString`). */
export function IsUtcInstant(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isUtcInstant',
      validator: {
        validate: isUtcInstant,
        defaultMessage: buildMessage(
          (each) => `${each}$property must be an RFC 3339 UTC instant with milliseconds`,
          options,
        ),
      },
    },
    options,
  );
}

/** A calendar date, `YYYY-MM-DD`, that exists. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) =>
          typeof value === 'string' &&
          /^\d{4}-\d{2}-\d{2}$/.test(value) &&
          isUtcInstant(`${value}T00:00:00.000Z`),
        defaultMessage: buildMessage((each) => `${each}$property must be a date as YYYY-MM-DD`, options),
      },
    },
    options,
  );
}

export function IsSpecialtyCode(options?: ValidationOptions): PropertyDecorator {
  return Matches(/^[a-z0-9]+(-[a-z0-9]+)*$/, {
    message: '$property must be a kebab-case specialty code',
    ...options,
  });
}

function isUtcInstant(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  const time = Date.parse(value);
  // Formatting back rejects other offsets, missing milliseconds and days that Date.parse rolls over (Feb 30).
  return !Number.isNaN(time) && new Date(time).toISOString() === value;
}
