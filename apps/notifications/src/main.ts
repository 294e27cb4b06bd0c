import './tracing';
import 'reflect-metadata';
import { createServiceApp, startService } from '@referral/platform-http';
import { AppModule } from './app.module';
import { notificationsService } from './service';

async function main() {
  const service = notificationsService();
  const app = await createServiceApp(AppModule.register(service), service);
  await startService(app, service);
}

void main();
