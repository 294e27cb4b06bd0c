import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { assertTextContent } from './json-body';
import { ValidationProblem, type FieldError } from './problem-details';

function flatten(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/**
 * A query's strings are checked as a JSON body's are (json-body.ts parses bodies): no NUL character,
 * no lone UTF-16 surrogate, 422 naming the parameter.
 */
class RequestValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'query') assertTextContent(metadata.data ? { [metadata.data]: value } : value);
    return super.transform(value, metadata);
  }
}

/** Request bodies and queries: unknown fields rejected, every problem listed by field, 422. */
export function createValidationPipe(): ValidationPipe {
  return new RequestValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => new ValidationProblem(flatten(errors)),
  });
}
