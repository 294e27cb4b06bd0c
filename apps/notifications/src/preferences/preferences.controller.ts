import { Body, Controller } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import {
  NotificationPreferencesRequest,
  NotificationPreferencesResource,
  NOTIFICATION_PREFERENCE_ROUTES,
} from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { ValidationProblem, ServiceRoute } from '@referral/platform-http';
import { DEFAULT_CHANNELS, NotificationPreferenceEntity } from './notification-preference.entity';

function toResource(
  practitionerId: string,
  row: NotificationPreferenceEntity | null,
): NotificationPreferencesResource {
  return {
    practitionerId,
    channels: row?.channels ?? DEFAULT_CHANNELS,
    quietHours:
      row?.quietHoursStart && row.quietHoursEnd
        ? { start: row.quietHoursStart, end: row.quietHoursEnd }
        : null,
    language: row?.language ?? null,
    updatedAt: row?.updatedAt.toISOString() ?? null,
  };
}

/** The calling practitioner's own notification preferences (a token without a practitioner has none). */
@ApiTags('notifications')
@Controller()
export class PreferencesController {
  constructor(
    @InjectRepository(NotificationPreferenceEntity)
    private readonly preferences: Repository<NotificationPreferenceEntity>,
  ) {}

  @ServiceRoute(NOTIFICATION_PREFERENCE_ROUTES.routes.get)
  async get(@CurrentCaller() caller: Caller): Promise<NotificationPreferencesResource> {
    const practitionerId = practitionerOf(caller);
    return toResource(practitionerId, await this.preferences.findOneBy({ practitionerId }));
  }

  @ServiceRoute(NOTIFICATION_PREFERENCE_ROUTES.routes.put)
  async put(
    @CurrentCaller() caller: Caller,
    @Body() body: NotificationPreferencesRequest,
  ): Promise<NotificationPreferencesResource> {
    const practitionerId = practitionerOf(caller);
    await this.preferences.upsert(
      {
        practitionerId,
        channels: body.channels,
        quietHoursStart: body.quietHours?.start ?? null,
        quietHoursEnd: body.quietHours?.end ?? null,
        language: body.language ?? null,
      },
      ['practitionerId'],
    );
    return toResource(practitionerId, await this.preferences.findOneBy({ practitionerId }));
  }
}

function practitionerOf(caller: Caller): string {
  if (!caller.practitionerId) {
    throw new ValidationProblem([
      { field: 'token', message: 'preferences belong to a practitioner: this client acts for none' },
    ]);
  }
  return caller.practitionerId;
}
