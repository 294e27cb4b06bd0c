import { EventPattern } from '@nestjs/microservices';
import type { EventType } from '@referral/contracts';

/**
 * Marks a consumer method as the handler of one event type (the CloudEvents `ce_type`), or of each of
 * several. The method receives the validated payload and an EventContext (`@Payload()`, `@Ctx()`).
 * Several handlers of one type (in different consumers) all run, in the same inbox transaction.
 */
export function OnEvent(type: EventType | readonly EventType[]): MethodDecorator {
  return EventPattern(typeof type === 'string' ? type : [...type]) as MethodDecorator;
}
