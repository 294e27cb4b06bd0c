import { Module, type DynamicModule } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { authOptionsFromEnv, PlatformAuthModule } from '@referral/platform-auth';
import { PlatformModule, type ServiceDefinition } from '@referral/platform-http';
import { MetadataController } from './capability/metadata.controller';
import { BinaryController } from './documents/binary.controller';
import { CaseFileDocuments } from './documents/case-file-documents';
import { DocumentReferenceController } from './documents/document-reference.controller';
import { EncounterController } from './directory/encounter.controller';
import { OrganizationController } from './directory/organization.controller';
import { PatientController } from './directory/patient.controller';
import { PractitionerRoleController } from './directory/practitioner-role.controller';
import { PractitionerController } from './directory/practitioner.controller';
import { PublicApi } from './http/public-api';
import { ScopeCheck } from './http/scope-check';
import { ClientIdentifiers } from './referrals/client-identifiers';
import { CommunicationController } from './referrals/communication.controller';
import { ReferralResources } from './referrals/referral-resources';
import { ServiceRequestController } from './referrals/service-request.controller';
import { TaskController } from './referrals/task.controller';
import { SubscriptionController } from './subscriptions/subscription.controller';
import { CodeSystemController } from './terminology/code-system.controller';
import { NamingSystemController } from './terminology/naming-system.controller';

@Module({})
export class AppModule {
  static register(service: ServiceDefinition): DynamicModule {
    return {
      module: AppModule,
      imports: [PlatformModule.forRoot(service), PlatformAuthModule.forRoot(authOptionsFromEnv(service.env))],
      controllers: [
        ServiceRequestController,
        TaskController,
        CommunicationController,
        SubscriptionController,
        DocumentReferenceController,
        BinaryController,
        PractitionerController,
        PractitionerRoleController,
        OrganizationController,
        PatientController,
        EncounterController,
        CodeSystemController,
        NamingSystemController,
        // last: its catch-all answers what no other controller serves
        MetadataController,
      ],
      providers: [
        { provide: APP_INTERCEPTOR, useClass: ScopeCheck },
        PublicApi,
        ClientIdentifiers,
        ReferralResources,
        CaseFileDocuments,
      ],
    };
  }
}
