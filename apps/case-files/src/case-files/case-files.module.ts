import { Module } from '@nestjs/common';

/** Case files: versioned clinical content, vitals with range checks, the PHI audit trail. */
@Module({})
export class CaseFilesModule {}
