import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

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

/**
 * `?limit=&cursor=` of a list that has no filters (a referral's history and messages, the
 * specialties): answered `{ items, nextCursor }`; `cursor` is the `nextCursor` of the previous page.
 */
export class PageQuery {
  @PageLimit()
  limit?: number;

  @ApiPropertyOptional({
    example: 'WyIxMiJd',
    description: '`nextCursor` of the previous page',
  })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
