import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { SpecialtyList } from '@referral/contracts';
import { SpecialtyRepository } from './specialty.repository';

@ApiTags('directory')
@Controller('v1/specialties')
export class SpecialtiesController {
  constructor(private readonly specialties: SpecialtyRepository) {}

  /** Any authenticated caller (no @Roles): clinics need the list to refer. */
  @Get()
  @ApiOkResponse({ type: SpecialtyList })
  async list(): Promise<SpecialtyList> {
    const specialties = await this.specialties.all();
    return {
      items: specialties.map(({ code, nameEn, nameUr }) => ({ code, nameEn, nameUr })),
      nextCursor: null,
    };
  }
}
