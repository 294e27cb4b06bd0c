import './tracing';
import 'reflect-metadata';
import { createServiceApp, startService } from '@referral/platform-http';
import { AppModule } from './app.module';
import { caseFilesService } from './service';

async function main() {
  const service = caseFilesService();
  const app = await createServiceApp(AppModule.register(service), service);
  await startService(app, service);
}

void main();
