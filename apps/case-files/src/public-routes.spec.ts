import { PUBLIC_ROUTE_GROUPS } from '@referral/contracts';
import { controllersOf, routeDrift, routedHandlers } from '@referral/platform-http';
import { AttachmentsModule } from './attachments/attachments.module';
import { CaseFilesModule } from './case-files/case-files.module';
import { PatientsModule } from './patients/patients.module';

describe('the case-files service public routes', () => {
  it('are served as @referral/contracts declares them: method, path and roles', () => {
    const handlers = routedHandlers(controllersOf(PatientsModule, CaseFilesModule, AttachmentsModule));
    expect(routeDrift('case-files', handlers, PUBLIC_ROUTE_GROUPS)).toEqual([]);
  });
});
