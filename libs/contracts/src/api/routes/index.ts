import { CASE_FILE_ROUTES, PATIENT_ROUTES } from './case-files.routes';
import { DIRECTORY_ROUTES } from './directory.routes';
import {
  NOTIFICATION_PREFERENCE_ROUTES,
  NOTIFICATION_ROUTES,
  OUTBOUND_MESSAGE_ROUTES,
  WEBHOOK_DELIVERY_ROUTES,
  WEBHOOK_ENDPOINT_ROUTES,
} from './notifications.routes';
import { QUEUE_ROUTES, REFERRAL_ROUTES } from './referrals.routes';
import { REPORT_ROUTES } from './reports.routes';
import type { RouteGroup } from './route-declaration';

export * from './route-declaration';
export * from './case-files.routes';
export * from './directory.routes';
export * from './notifications.routes';
export * from './referrals.routes';
export * from './reports.routes';

/** Every public route behind the gateway, by group, in the order the gateway documents them. */
export const PUBLIC_ROUTE_GROUPS: readonly RouteGroup[] = [
  REFERRAL_ROUTES,
  QUEUE_ROUTES,
  REPORT_ROUTES,
  DIRECTORY_ROUTES,
  PATIENT_ROUTES,
  CASE_FILE_ROUTES,
  NOTIFICATION_ROUTES,
  OUTBOUND_MESSAGE_ROUTES,
  NOTIFICATION_PREFERENCE_ROUTES,
  WEBHOOK_ENDPOINT_ROUTES,
  WEBHOOK_DELIVERY_ROUTES,
];
