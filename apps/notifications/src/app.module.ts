import { Module, type DynamicModule } from '@nestjs/common';
import { authOptionsFromEnv, PlatformAuthModule } from '@referral/platform-auth';
import { PlatformModule, type ServiceDefinition } from '@referral/platform-http';
import { DirectoryModule } from './directory/directory.module';
import { DispatchModule } from './dispatch/dispatch.module';
import { InboxModule } from './inbox/inbox.module';
import { MessagingModule } from './messaging/messaging.module';
import { PreferencesModule } from './preferences/preferences.module';
import { RetentionModule } from './retention/retention.module';
import { WebhooksModule } from './webhooks/webhooks.module';

@Module({})
export class AppModule {
  static register(service: ServiceDefinition): DynamicModule {
    return {
      module: AppModule,
      imports: [
        PlatformModule.forRoot(service),
        PlatformAuthModule.forRoot(authOptionsFromEnv(service.env)),
        InboxModule,
        MessagingModule,
        PreferencesModule,
        DirectoryModule,
        DispatchModule,
        WebhooksModule,
        RetentionModule,
      ],
    };
  }
}
