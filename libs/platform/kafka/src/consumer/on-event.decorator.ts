import { EventPattern } from '@nestjs/microservices';
import type { EventType } from '@referral/contracts';

/**
 * Marks a consumer method as the handler of one event type (the CloudEvents `ce_type`). The method
 * receives the validated payload and an EventContext (`@Payload()`, `@Ctx()`).
 */
export function OnEvent(type: EventType): MethodDecorator {
  return EventPattern(type) as MethodDecorator;
}
