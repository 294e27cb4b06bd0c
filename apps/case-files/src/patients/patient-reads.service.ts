import { Injectable, NotFoundException } from '@nestjs/common';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { CnicCrypto } from './cnic-crypto';
import type { PatientEntity } from './patient.entity';
import { PatientRepository } from './patient.repository';

/**
 * Reading patients, each read audited. Only the registering organization sees its patients; anyone
 * else is told nothing (404). Specialists holding a case reach them through grants (not yet).
 */
@Injectable()
export class PatientReads {
  constructor(
    private readonly patients: PatientRepository,
    private readonly cnicCrypto: CnicCrypto,
    private readonly audit: PhiAudit,
  ) {}

  async get(caller: Caller, id: string): Promise<PatientEntity> {
    const patient = await this.patients.findById(id);
    if (!patient || patient.organizationId !== caller.organizationId) {
      throw new NotFoundException(`Patient ${id} was not found`);
    }
    await this.audit.recordNow(caller, { action: 'read', objectType: 'patient', objectId: id });
    return patient;
  }

  /** `cnic`: the 13 digits. Exact, within the caller's organization; a miss records nothing. */
  async findByCnic(caller: Caller, cnic: string): Promise<PatientEntity | null> {
    const patient = await this.patients.findByBlindIndex(
      caller.organizationId,
      this.cnicCrypto.blindIndex(cnic),
    );
    if (patient) {
      await this.audit.recordNow(caller, { action: 'search', objectType: 'patient', objectId: patient.id });
    }
    return patient;
  }
}
