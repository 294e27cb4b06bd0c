import { Injectable, NotFoundException } from '@nestjs/common';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { AccessGrantRepository } from '../access-grants/access-grant.repository';
import { CnicCrypto } from './cnic-crypto';
import type { PatientEntity } from './patient.entity';
import { PatientRepository } from './patient.repository';

/** Roles that read every patient their organization registered. */
const ORGANIZATION_ROLES: ReadonlySet<string> = new Set(['admin', 'coordinator', 'clinician']);

/**
 * Reading patients, each read audited. The registering organization's clinicians, coordinators and
 * admins see its patients; a specialist (role `specialist`, the token's practitioner) sees the patient
 * of a case file they read through a grant (holding a referral on it, or held one closed within the
 * follow-up days: the case file's own rule). Anyone else is told nothing (404).
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

  /**
   * The registering organization's clinicians, coordinators and admins; a specialist (of any
   * organization, the registering one too) only through a grant: identity opens on the claim and
   * closes on the release, whoever employs the specialist.
   */
  private async mayRead(caller: Caller, patient: PatientEntity): Promise<boolean> {
    const member = caller.roles.some((role) => ORGANIZATION_ROLES.has(role));
    if (member && caller.organizationId === patient.organizationId) return true;
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
