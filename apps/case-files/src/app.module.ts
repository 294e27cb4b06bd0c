import { Module, type DynamicModule } from '@nestjs/common';
import { authOptionsFromEnv, PlatformAuthModule } from '@referral/platform-auth';
import { PlatformModule, type ServiceDefinition } from '@referral/platform-http';
import { AccessGrantsModule } from './access-grants/access-grants.module';
import { AttachmentsModule } from './attachments/attachments.module';
import { CaseFilesModule } from './case-files/case-files.module';
import { PatientsModule } from './patients/patients.module';

@Module({})
export class AppModule {
  static register(service: ServiceDefinition): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(service),
        PlatformAuthModule.forRoot(authOptionsFromEnv(service.env)),
        PatientsModule,
        CaseFilesModule,
        AccessGrantsModule,
        AttachmentsModule,
      ],
    };
  }
}
