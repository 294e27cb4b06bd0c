import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PhiAuditModule } from '@referral/platform-audit';
import { AccessGrantsModule } from '../access-grants/access-grants.module';
import { PatientsModule } from '../patients/patients.module';
import { CaseFileReads } from './case-file-reads.service';
import { CaseFileRepository } from './case-file.repository';
import { CaseFilesController } from './case-files.controller';
import { CreateCaseFileCommand } from './create-case-file.command';
import { caseFileEntities } from './entities';
import { UpdateCaseFileCommand } from './update-case-file.command';

/** Case files: versioned clinical content, vitals with range checks, the PHI audit trail. */
@Module({
  imports: [TypeOrmModule.forFeature(caseFileEntities), PhiAuditModule, AccessGrantsModule, PatientsModule],
  controllers: [CaseFilesController],
  providers: [CaseFileRepository, CaseFileReads, CreateCaseFileCommand, UpdateCaseFileCommand],
})
export class CaseFilesModule {}
