import { Injectable } from '@nestjs/common';
import {
  karachiDate,
  karachiMinuteOfWeek,
  type PractitionerSearchPage,
  type SearchPractitionersQuery,
} from '@referral/contracts';
import { ValidationProblem } from '@referral/platform-http';
import { Clock } from '@referral/platform-database';
import { PractitionerRepository } from './practitioner.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The cursor is the last role id of the page, opaque to clients. */
export const encodeCursor = (roleId: string) => Buffer.from(roleId).toString('base64url');

function decodeCursor(cursor: string): string {
  const roleId = Buffer.from(cursor, 'base64url').toString();
  if (!UUID.test(roleId)) throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not valid' }]);
  return roleId;
}

/** Roles that could take a case now: eligible at this moment in Asia/Karachi, by role id, a page at a time. */
@Injectable()
export class PractitionerSearch {
  constructor(
    private readonly practitioners: PractitionerRepository,
    private readonly clock: Clock,
  ) {}

  async search(query: SearchPractitionersQuery): Promise<PractitionerSearchPage> {
    const limit = query.limit ?? 20;
    const now = this.clock.now();
    const rows = await this.practitioners.searchEligible({
      specialtyCode: query.specialty,
      language: query.language,
      availableAt: query.available ? karachiMinuteOfWeek(now) : undefined,
      today: karachiDate(now),
      afterRoleId: query.cursor === undefined ? undefined : decodeCursor(query.cursor),
      limit: limit + 1,
    });
    const items = rows.slice(0, limit).map((row) => ({
      ...row,
      availability: row.availability as PractitionerSearchPage['items'][number]['availability'],
    }));
    return {
      items,
      nextCursor: rows.length > limit ? encodeCursor(items[items.length - 1].roleId) : null,
    };
  }
}
