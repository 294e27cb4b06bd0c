import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { karachiDate, type CreatePatientRequest } from '@referral/contracts';
import { PhiAudit } from '@referral/platform-audit';
import type { Caller } from '@referral/platform-auth';
import { Clock } from '@referral/platform-database';
import { CnicCrypto } from './cnic-crypto';
import { birthDateInFuture, birthDateOrAge, patientExists } from './patient-problems';
import { PatientEntity } from './patient.entity';
import { PatientRepository } from './patient.repository';

/**
 * A clinician registers a patient of their organization: the row and its PHI audit entry commit
 * together. No event: nothing outside this service needs a patient (case-file events carry its id).
 */
@Injectable()
export class RegisterPatientCommand {
  constructor(
    private readonly dataSource: DataSource,
    private readonly patients: PatientRepository,
    private readonly cnicCrypto: CnicCrypto,
    private readonly audit: PhiAudit,
    private readonly clock: Clock,
  ) {}

  async execute(caller: Caller, input: CreatePatientRequest): Promise<PatientEntity> {
    if ((input.birthDate === undefined) === (input.ageYears === undefined)) throw birthDateOrAge();
    const today = karachiDate(this.clock.now());
    if (input.birthDate !== undefined && input.birthDate > today) throw birthDateInFuture();
    const id = randomUUID();
    const cnic = input.cnic !== undefined ? this.protect(input.cnic, id) : undefined;
    const patient = Object.assign(new PatientEntity(), {
      id,
      organizationId: caller.organizationId,
      name: input.name,
      sex: input.sex,
      birthDate: input.birthDate ?? null,
      ageYears: input.ageYears ?? null,
      // The age grows from the day it was stated (clock.ts `ageFromStated`).
      ageStatedOn: input.ageYears !== undefined ? today : null,
      phone: input.phone ?? null,
      district: input.district ?? null,
      cnicCiphertext: cnic?.ciphertext ?? null,
      cnicKeyId: cnic?.keyId ?? null,
      cnicLastDigit: cnic?.lastDigit ?? null,
      cnicBlindIndex: cnic?.blindIndex ?? null,
    } satisfies Partial<PatientEntity>);

    return this.dataSource.transaction(async (manager) => {
      const saved = await this.patients.insertUnlessCnicTaken(manager, patient);
      if (!saved) {
        // Only the CNIC's index can conflict (the id is new): two concurrent registrations give one patient.
        const existing = await this.patients.findByBlindIndex(
          caller.organizationId,
          cnic!.blindIndex,
          manager,
        );
        if (!existing) throw new Error('patient insert skipped without a patient holding its CNIC');
        throw patientExists(existing.id);
      }
      await this.audit.record(manager, caller, { action: 'create', objectType: 'patient', objectId: id });
      return saved;
    });
  }

  private protect(cnic: string, patientId: string) {
    return {
      ...this.cnicCrypto.encrypt(cnic, patientId),
      lastDigit: cnic.slice(-1),
      blindIndex: this.cnicCrypto.blindIndex(cnic),
    };
  }
}
