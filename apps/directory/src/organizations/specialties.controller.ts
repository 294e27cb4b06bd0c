import { Controller, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { DIRECTORY_ROUTES, PageQuery, pageOf, pageSize, SpecialtyList } from '@referral/contracts';
import { decodeKeyCursor, encodeKeyCursor } from '@referral/platform-database';
import { readCursor, ServiceRoute } from '@referral/platform-http';
import { SpecialtyRepository } from './specialty.repository';

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
    const after = readCursor(query.cursor, (cursor) => decodeKeyCursor(cursor, CODE));
    const limit = pageSize(query);
    // Ordered and compared in code points (as the cursor is), whatever the database's collation.
    const rows = (await this.specialties.all())
      .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
      .filter(({ code }) => after === undefined || code > after);
    return pageOf(
      rows,
      limit,
      ({ code, nameEn, nameUr }) => ({ code, nameEn, nameUr }),
      ({ code }) => encodeKeyCursor(code),
    );
  }
}
