import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ReferralResource, SubmitReferralRequest } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ApiProblems } from '@referral/platform-http';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { Forwarder } from './forwarder';

/**
 * The referrals service's public routes. The gateway checks the body against the shared API types
 * and forwards; the service checks roles and the caller's organization, and validates again.
 */
@ApiTags('referrals')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1/referrals')
export class ReferralsRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Post()
  @HttpCode(201)
  @ApiOperation({
    summary: 'Submit a referral',
    description:
      "Role `clinician`. Asks the specialty's pool (or the named specialist) about a case file of the caller's organization.",
  })
  @ApiIdempotencyKey({ required: true })
  @ApiCreatedResponse({ type: ReferralResource, description: 'Submitted; waiting to be claimed' })
  @ApiProblems(400, 409, 413, 415, 422)
  submit(
    @CurrentCaller() caller: Caller,
    @Body() _body: SubmitReferralRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }

  @Get(':id')
  @ApiOperation({
    summary: 'Read a referral',
    description: "Role `clinician`; the referral must belong to the caller's organization.",
  })
  @ApiOkResponse({ type: ReferralResource })
  @ApiProblems(400, 404)
  get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('referrals', caller, request, reply);
  }
}
