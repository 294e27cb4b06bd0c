import { EventPattern } from '@nestjs/microservices';
import type { EventType } from '@referral/contracts';

/**
 * Marks a consumer method as the handler of one event type (the CloudEvents `ce_type`), or of each of
 * several. The method receives the validated payload and an EventContext (`@Payload()`, `@Ctx()`).
 * Several handlers of one type (in different consumers) all run, in the same inbox transaction.
 * `consumer` names the service's further consumer group (`consumerGroups`) whose handler it is.
 */
export function OnEvent(
  type: EventType | readonly EventType[],
  options: { consumer?: string } = {},
): MethodDecorator {
  const pattern = typeof type === 'string' ? type : [...type];
  return (
    options.consumer ? EventPattern(pattern, { consumer: options.consumer }) : EventPattern(pattern)
  ) as MethodDecorator;
}
