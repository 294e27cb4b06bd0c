// First import of main.ts: tracing patches http, pg and kafkajs before anything loads them.
import { startTracing } from '@referral/platform-observability/tracing';

startTracing('directory');
