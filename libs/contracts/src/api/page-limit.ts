import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';

/** `?limit=` of a list: 1 to 100, default 20, anything above 100 capped at 100 (API.md). */
export function PageLimit(): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      minimum: 1,
      maximum: 100,
      default: 20,
      example: 20,
      description: 'Above 100 is capped',
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Transform(({ value }: { value: unknown }) => (typeof value === 'number' ? Math.min(value, 100) : value)),
    Max(100),
  );
}
