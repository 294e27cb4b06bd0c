import { Body, Controller, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import {
  CreatePatientRequest,
  FindPatientsQuery,
  karachiDate,
  PatientList,
  PatientResource,
  PATIENT_ROUTES,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { Clock } from '@referral/platform-database';
import { PatientReads } from './patient-reads.service';
import { toPatientResource } from './patient-resource';
import { RegisterPatientCommand } from './register-patient.command';
import { ServiceRoute } from '@referral/platform-http';

@ApiTags('patients')
@Controller()
export class PatientsController {
  constructor(
    private readonly register: RegisterPatientCommand,
    private readonly reads: PatientReads,
    private readonly clock: Clock,
  ) {}

  @ServiceRoute(PATIENT_ROUTES.routes.createPatient)
  async create(
    @CurrentCaller() caller: Caller,
    @Body() body: CreatePatientRequest,
  ): Promise<PatientResource> {
    return toPatientResource(await this.register.execute(caller, body), this.today());
  }

  @ServiceRoute(PATIENT_ROUTES.routes.findPatients)
  async find(@CurrentCaller() caller: Caller, @Query() query: FindPatientsQuery): Promise<PatientList> {
    const patient = await this.reads.findByCnic(caller, query.cnic);
    return { items: patient ? [toPatientResource(patient, this.today())] : [], nextCursor: null };
  }

  /**
   * Members of the registering organization; a specialist reading one of the patient's case files
   * through a grant (holding a referral on it). Anyone else 404.
   */
  @ServiceRoute(PATIENT_ROUTES.routes.getPatient)
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
