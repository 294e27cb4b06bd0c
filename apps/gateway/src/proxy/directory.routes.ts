import {
  Body,
  Controller,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Req,
  Res,
  UseGuards,
} from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import {
  CreateOrganizationRequest,
  CreatePractitionerRequest,
  CreatePractitionerRoleRequest,
  ListOrganizationsQuery,
  PageQuery,
  OrganizationPage,
  OrganizationResource,
  PractitionerResource,
  PractitionerRoleResource,
  PractitionerSearchPage,
  SearchPractitionersQuery,
  SpecialtyList,
  UpdateOrganizationRequest,
  UpdatePractitionerRequest,
  UpdatePractitionerRoleRequest,
} from '@referral/contracts';
import { CurrentCaller, ROLES, Roles, type Caller } from '@referral/platform-auth';
import { ApiProblems } from '@referral/platform-http';
import { ApiIdempotencyKey } from '../idempotency/api-idempotency-key';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { Forwarder } from './forwarder';

/** The directory's public routes: the gateway checks the shapes, the directory decides who may. */
@ApiTags('directory')
@ApiProblems(401, 403, 429, 503)
@UseGuards(RateLimitGuard)
@Controller('v1')
export class DirectoryRoutesController {
  constructor(private readonly forwarder: Forwarder) {}

  @Get('specialties')
  @ApiOperation({
    summary: 'The specialties',
    description:
      'Any authenticated caller. Codes with names in English and Urdu, by code, a page at a time (`limit`, `cursor`: the `nextCursor` of the previous page).',
  })
  @ApiOkResponse({ type: SpecialtyList })
  @ApiProblems(422)
  specialties(
    @CurrentCaller() caller: Caller,
    @Query() _query: PageQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Post('organizations')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register an organization',
    description: 'Role `admin`. A clinic, hospital or partner.',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiCreatedResponse({ type: OrganizationResource })
  @ApiProblems(400, 409, 413, 415, 422)
  createOrganization(
    @CurrentCaller() caller: Caller,
    @Body() _body: CreateOrganizationRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Get('organizations')
  @ApiOperation({ summary: 'List organizations', description: 'Role `admin`.' })
  @ApiOkResponse({ type: OrganizationPage })
  @ApiProblems(400, 422)
  listOrganizations(
    @CurrentCaller() caller: Caller,
    @Query() _query: ListOrganizationsQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Get('organizations/:id')
  @ApiOperation({
    summary: 'Read an organization',
    description: 'Role `admin`, or a member of the organization.',
  })
  @ApiOkResponse({ type: OrganizationResource })
  @ApiProblems(400, 404)
  getOrganization(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Patch('organizations/:id')
  @ApiOperation({ summary: 'Change an organization', description: 'Role `admin`.' })
  @ApiOkResponse({ type: OrganizationResource })
  @ApiProblems(400, 404, 413, 415, 422)
  updateOrganization(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: UpdateOrganizationRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Post('practitioners')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Register a practitioner',
    description: 'Role `admin`. The PMDC registration number is unique (trimmed, upper-cased).',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiCreatedResponse({ type: PractitionerResource })
  @ApiProblems(400, { status: 409, description: 'The PMDC number is registered already' }, 413, 415, 422)
  createPractitioner(
    @CurrentCaller() caller: Caller,
    @Body() _body: CreatePractitionerRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Get('practitioners')
  @ApiOperation({
    summary: 'Search specialists who could take a case',
    description:
      'Roles `coordinator`, `clinician`, `admin`. Eligible roles only: active, licence valid, in the specialty, speaking the language, and with `available=true` inside an availability window now (Asia/Karachi).',
  })
  @ApiOkResponse({ type: PractitionerSearchPage })
  @ApiProblems(400, 422)
  searchPractitioners(
    @CurrentCaller() caller: Caller,
    @Query() _query: SearchPractitionersQuery,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Get('practitioners/:id')
  // The one route a service role reaches (the others refuse a caller holding only service roles).
  @Roles(...ROLES)
  @ApiOperation({
    summary: 'Read a practitioner',
    description:
      "Role `admin`; a `coordinator` of the practitioner's organization; the practitioner themself; `contact-reader` (the notifications service, for phone, email and languages) any practitioner.",
  })
  @ApiOkResponse({ type: PractitionerResource })
  @ApiProblems(400, 404)
  getPractitioner(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Patch('practitioners/:id')
  @ApiOperation({
    summary: 'Change a practitioner',
    description: "Role `admin`; a `coordinator` of the practitioner's organization.",
  })
  @ApiOkResponse({ type: PractitionerResource })
  @ApiProblems(400, 404, { status: 409, description: 'The PMDC number is registered already' }, 413, 415, 422)
  updatePractitioner(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: UpdatePractitionerRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Post('practitioners/:id/roles')
  @HttpCode(201)
  @ApiOperation({
    summary: 'Give a practitioner a specialty role',
    description: 'Role `admin`. Specialty, organization, capacity and weekly availability (Asia/Karachi).',
  })
  @ApiIdempotencyKey({ required: false })
  @ApiCreatedResponse({ type: PractitionerRoleResource })
  @ApiProblems(400, 404, 413, 415, 422)
  addRole(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Body() _body: CreatePractitionerRoleRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }

  @Patch('practitioners/:id/roles/:roleId')
  @ApiOperation({
    summary: "Change a practitioner's role",
    description: 'Role `admin`, or the practitioner themself: capacity, availability, active.',
  })
  @ApiOkResponse({ type: PractitionerRoleResource })
  @ApiProblems(400, 404, 413, 415, 422)
  updateRole(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) _id: string,
    @Param('roleId', new ParseUUIDPipe()) _roleId: string,
    @Body() _body: UpdatePractitionerRoleRequest,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    return this.forwarder.forward('directory', caller, request, reply);
  }
}
