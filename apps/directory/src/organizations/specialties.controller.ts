import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { PageQuery, SpecialtyList, DIRECTORY_ROUTES } from '@referral/contracts';
import { decodeKeyCursor, encodeKeyCursor } from '@referral/platform-database';
import { ValidationProblem, ServiceRoute } from '@referral/platform-http';
import { SpecialtyRepository } from './specialty.repository';

const DEFAULT_PAGE_SIZE = 20;
const CODE = /^[a-z]+(-[a-z]+)*$/;

@ApiTags('directory')
@Controller()
export class SpecialtiesController {
  constructor(private readonly specialties: SpecialtyRepository) {}

  /**
   * Any authenticated caller (no @Roles): clinics need the list to refer. By code, a page at a time
   * like every list (the cursor is the last code of the page).
   */
  @ServiceRoute(DIRECTORY_ROUTES.routes.specialties)
  async list(@Query() query: PageQuery): Promise<SpecialtyList> {
    const after = query.cursor === undefined ? undefined : decodeKeyCursor(query.cursor, CODE);
    if (query.cursor !== undefined && after === undefined) {
      throw new ValidationProblem([{ field: 'cursor', message: 'cursor is not a nextCursor of this list' }]);
    }
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    // Ordered and compared in code points (as the cursor is), whatever the database's collation.
    const rows = (await this.specialties.all())
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .filter(({ code }) => after === undefined || code > after);
    const page = rows.slice(0, limit);
    return {
      items: page.map(({ code, nameEn, nameUr }) => ({ code, nameEn, nameUr })),
      nextCursor: rows.length > limit ? encodeKeyCursor(page[page.length - 1].code) : null,
    };
  }
}
