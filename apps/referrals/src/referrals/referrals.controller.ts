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
import { ReferralResource, SubmitReferralRequest } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { ReferralRepository } from './referral.repository';
import { toReferralResource } from './referral-resource';
import { SubmitReferralCommand } from './submit-referral.command';

@ApiTags('referrals')
@Controller('v1/referrals')
export class ReferralsController {
  constructor(
    private readonly submit: SubmitReferralCommand,
    private readonly referrals: ReferralRepository,
    private readonly audit: PhiAudit,
  ) {}

  @Post()
  @Roles('clinician')
  @HttpCode(201)
  @ApiCreatedResponse({ type: ReferralResource })
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: SubmitReferralRequest,
  ): Promise<ReferralResource> {
    return toReferralResource(await this.submit.execute(caller, body));
  }

  @Get(':id')
  @Roles('clinician')
  @ApiOkResponse({ type: ReferralResource })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<ReferralResource> {
    const referral = await this.referrals.findForOrganization(id, caller.organizationId);
    if (!referral) throw new NotFoundException(`Referral ${id} was not found`);
    await this.audit.recordNow(caller, { action: 'read', objectType: 'referral', objectId: id });
    return toReferralResource(referral);
  }
}
