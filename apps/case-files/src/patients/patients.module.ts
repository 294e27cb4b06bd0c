import { Module } from '@nestjs/common';

/** Patients: identity with the CNIC encrypted and found through a blind index. */
@Module({})
export class PatientsModule {}
