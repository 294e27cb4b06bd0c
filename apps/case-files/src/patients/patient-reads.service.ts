import { Injectable, NotFoundException } from '@nestjs/common';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { AccessGrantRepository } from '../access-grants/access-grant.repository';
import { CnicCrypto } from './cnic-crypto';
import type { PatientEntity } from './patient.entity';
import { PatientRepository } from './patient.repository';

/**
 * Reading patients, each read audited. The registering organization sees its patients; a specialist
 * (role `specialist`, the token's practitioner) sees the patient of a case file they read through a
 * grant (holding a referral on it, or held one closed within the follow-up days: the case file's own
 * rule). Anyone else is told nothing (404).
 */
@Injectable()
export class PatientReads {
  constructor(
    private readonly patients: PatientRepository,
    private readonly cnicCrypto: CnicCrypto,
    private readonly audit: PhiAudit,
    private readonly grants: AccessGrantRepository,
  ) {}

  async get(caller: Caller, id: string): Promise<PatientEntity> {
    const patient = await this.patients.findById(id);
    if (!patient || !(await this.mayRead(caller, patient))) {
      throw new NotFoundException(`Patient ${id} was not found`);
    }
    await this.audit.recordNow(caller, { action: 'read', objectType: 'patient', objectId: id });
    return patient;
  }

  private async mayRead(caller: Caller, patient: PatientEntity): Promise<boolean> {
    if (caller.organizationId === patient.organizationId) return true;
    if (!caller.roles.includes('specialist') || !caller.practitionerId) return false;
    return this.grants.grantsPatientRead(patient.id, caller.practitionerId);
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
