import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  CreatePatientRequest,
  FindPatientsQuery,
  karachiDate,
  PatientList,
  PatientResource,
} from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { Clock } from '@referral/platform-database';
import { PatientReads } from './patient-reads.service';
import { toPatientResource } from './patient-resource';
import { RegisterPatientCommand } from './register-patient.command';

@ApiTags('patients')
@Controller('v1/patients')
export class PatientsController {
  constructor(
    private readonly register: RegisterPatientCommand,
    private readonly reads: PatientReads,
    private readonly clock: Clock,
  ) {}

  @Post()
  @Roles('clinician')
  @HttpCode(201)
  @ApiCreatedResponse({ type: PatientResource })
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreatePatientRequest,
  ): Promise<PatientResource> {
    return toPatientResource(await this.register.execute(caller, body), this.today());
  }

  @Get()
  @Roles('clinician')
  @ApiOkResponse({ type: PatientList })
  async find(@CurrentCaller() caller: Caller, @Query() query: FindPatientsQuery): Promise<PatientList> {
    const patient = await this.reads.findByCnic(caller, query.cnic);
    return { items: patient ? [toPatientResource(patient, this.today())] : [], nextCursor: null };
  }

  /**
   * Members of the registering organization; a specialist reading one of the patient's case files
   * through a grant (holding a referral on it). Anyone else 404.
   */
  @Get(':id')
  @Roles('admin', 'coordinator', 'clinician', 'specialist')
  @ApiOkResponse({ type: PatientResource })
  async get(
    @CurrentCaller() caller: Caller,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<PatientResource> {
    return toPatientResource(await this.reads.get(caller, id), this.today());
  }

  private today(): string {
    return karachiDate(this.clock.now());
  }
}
