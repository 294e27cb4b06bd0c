import {
  Body,
  Controller,
  Get,
  HttpCode,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { ReferralDto } from './dto/referral.dto';
import { SubmitReferralDto } from './dto/submit-referral.dto';
import { ReferralRepository } from './referral.repository';
import { SubmitReferralCommand } from './submit-referral.command';

@ApiTags('referrals')
@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly submit: SubmitReferralCommand,
    private readonly referrals: ReferralRepository,
  ) {}

  @Post()
  @Roles('clinician')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ReferralDto })
  async create(@CurrentCaller() caller: Caller, @Body() body: SubmitReferralDto): Promise<ReferralDto> {
    return ReferralDto.from(await this.submit.execute(caller, body));
  }

  @Get(':id')
  @Roles('clinician')
  @ApiOkResponse({ type: ReferralDto })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReferralDto> {
    const referral = await this.referrals.findForOrganization(id, caller.organizationId);
    if (!referral) throw new NotFoundException(`Referral ${id} was not found`);
    return ReferralDto.from(referral);
  }
}
