import { Body, Controller, Get, Put } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { NotificationPreferencesRequest, NotificationPreferencesResource } from '@referral/contracts';
import { CurrentCaller, Roles, type Caller } from '@referral/platform-auth';
import { ValidationProblem } from '@referral/platform-http';
import { DEFAULT_CHANNELS, NotificationPreferenceEntity } from './notification-preference.entity';

const PRACTITIONERS = ['clinician', 'specialist', 'coordinator'] as const;

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
@Controller('v1/notification-preferences')
export class PreferencesController {
  constructor(
    @InjectRepository(NotificationPreferenceEntity)
    private readonly preferences: Repository<NotificationPreferenceEntity>,
  ) {}

  @Get()
  @Roles(...PRACTITIONERS)
  @ApiOkResponse({ type: NotificationPreferencesResource })
  async get(@CurrentCaller() caller: Caller): Promise<NotificationPreferencesResource> {
    const practitionerId = practitionerOf(caller);
    return toResource(practitionerId, await this.preferences.findOneBy({ practitionerId }));
  }

  @Put()
  @Roles(...PRACTITIONERS)
  @ApiOkResponse({ type: NotificationPreferencesResource })
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
