import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PhiAuditModule } from '@referral/platform-audit';
import { SERVICE_ENV } from '@referral/platform-http';
import { AccessGrantsModule } from '../access-grants/access-grants.module';
import { parseBlindIndexKey, parseCnicEncryptionKeys, type CaseFilesEnv } from '../config';
import { CnicCrypto } from './cnic-crypto';
import { CnicReencryption } from './cnic-reencryption';
import { patientEntities } from './entities';
import { PatientReads } from './patient-reads.service';
import { PatientRepository } from './patient.repository';
import { PatientsController } from './patients.controller';
import { RegisterPatientCommand } from './register-patient.command';

/** Patients: identity with the CNIC encrypted (re-encrypted under the current key after a rotation) and found through a blind index. */
@Module({
  imports: [TypeOrmModule.forFeature(patientEntities), PhiAuditModule, AccessGrantsModule],
  controllers: [PatientsController],
  providers: [
    PatientRepository,
    RegisterPatientCommand,
    PatientReads,
    CnicReencryption,
    {
      provide: CnicCrypto,
      inject: [SERVICE_ENV],
      // The environment was validated at boot: both parse.
      useFactory: (env: CaseFilesEnv) =>
        new CnicCrypto(
          parseCnicEncryptionKeys(env.CNIC_ENCRYPTION_KEY)!,
          parseBlindIndexKey(env.CNIC_INDEX_KEY)!,
        ),
    },
  ],
})
export class PatientsModule {}
