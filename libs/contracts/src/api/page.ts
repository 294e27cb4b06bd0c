import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

/** Every list's page size (API.md): `limit` defaults to 20; anything above 100 is capped at 100. */
export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** The page size a list query asks for, the default where it names none. */
export const pageSize = (query: { limit?: number }): number => query.limit ?? DEFAULT_PAGE_SIZE;

/**
 * `?limit=` of a list: 1 to 100, default 20, anything above 100 capped at 100.
 * @param description what the list adds to that (the patients lookup finds at most one)
 */
export function PageLimit(description = 'Above 100 is capped'): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({
      minimum: 1,
      maximum: MAX_PAGE_SIZE,
      default: DEFAULT_PAGE_SIZE,
      example: DEFAULT_PAGE_SIZE,
      description,
    }),
    IsOptional(),
    Type(() => Number),
    IsInt(),
    Min(1),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'number' ? Math.min(value, MAX_PAGE_SIZE) : value,
    ),
    Max(MAX_PAGE_SIZE),
  );
}

/**
 * `?cursor=` of a list: the `nextCursor` of the previous page, opaque to the client. Whether it is one
 * the list answered is the service's check (422 when it is not); this only bounds its size.
 * @param example a cursor of this list's own shape, for the documentation
 * @param maxLength the longest cursor this list answers
 */
export function PageCursor(example?: string, maxLength = 200): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ example, description: '`nextCursor` of the previous page' }),
    IsOptional(),
    IsString(),
    Length(1, maxLength),
  );
}

/**
 * `?limit=&cursor=` of a list that has no filters (a referral's history and messages, the
 * specialties): answered `{ items, nextCursor }`; `cursor` is the `nextCursor` of the previous page.
 */
export class PageQuery {
  @PageLimit()
  limit?: number;

  @PageCursor('WyIxMiJd')
  cursor?: string;
}

/** `nextCursor` of a list's answer: null on the last page. */
export function NextCursor(): PropertyDecorator {
  return ApiProperty({ type: 'string', nullable: true, description: 'Pass as `cursor` for the next page' });
}

/**
 * One page of a list read with one row more than `limit` (which tells whether another page follows):
 * the first `limit` rows as items, and the cursor of the next page, null on the last.
 */
export function pageOf<R, T>(
  rows: R[],
  limit: number,
  toItem: (row: R) => T,
  cursorOf: (last: R) => string,
): { items: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  return {
    items: page.map(toItem),
    nextCursor: rows.length > limit ? cursorOf(page[page.length - 1]) : null,
  };
}
