import { PUBLIC_ROUTE_GROUPS } from '@referral/contracts';
import { controllersOf, routeDrift, routedHandlers } from '@referral/platform-http';
import { InboxModule } from './inbox/inbox.module';
import { MessagingModule } from './messaging/messaging.module';
import { PreferencesModule } from './preferences/preferences.module';
import { WebhooksModule } from './webhooks/webhooks.module';

describe('the notifications service public routes', () => {
  it('are served as @referral/contracts declares them: method, path and roles', () => {
    const handlers = routedHandlers(
      controllersOf(InboxModule, MessagingModule, PreferencesModule, WebhooksModule),
    );
    expect(routeDrift('notifications', handlers, PUBLIC_ROUTE_GROUPS)).toEqual([]);
  });
});
