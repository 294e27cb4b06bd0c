import { Module, type DynamicModule } from '@nestjs/common';
import { authOptionsFromEnv, PlatformAuthModule } from '@referral/platform-auth';
import { PlatformModule, type ServiceDefinition } from '@referral/platform-http';
import { CaseFilesModule } from './case-files/case-files.module';
import { ReferralsModule } from './referrals/referrals.module';
import { ReportsModule } from './reports/reports.module';
import { SpecialistsModule } from './specialists/specialists.module';

@Module({})
export class AppModule {
  static register(service: ServiceDefinition): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(service),
        PlatformAuthModule.forRoot(authOptionsFromEnv(service.env)),
        CaseFilesModule,
        ReferralsModule,
        ReportsModule,
        SpecialistsModule,
      ],
    };
  }
}
