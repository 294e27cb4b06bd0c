import { BaseRpcContext } from '@nestjs/microservices';
import type { EntityManager } from 'typeorm';
import type { EventEnvelope } from '@referral/contracts';

export interface DeliveryInfo {
  topic: string;
  partition: number;
  offset: string;
  attempt: number;
}

/**
 * What a consumer handler gets besides the payload: the envelope, and the transaction in which its
 * effects and the inbox row commit together. Effects written through another connection would not
 * be exactly-once.
 */
export class EventContext extends BaseRpcContext<[EventEnvelope, EntityManager, DeliveryInfo]> {
  get envelope(): EventEnvelope {
    return this.args[0];
  }
  get manager(): EntityManager {
    return this.args[1];
  }
  get delivery(): DeliveryInfo {
    return this.args[2];
  }
}
