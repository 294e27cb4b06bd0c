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
export class EventContext extends BaseRpcContext<
  [EventEnvelope, EntityManager, DeliveryInfo, Array<() => void>?]
> {
  get envelope(): EventEnvelope {
    return this.args[0];
  }
  get manager(): EntityManager {
    return this.args[1];
  }
  get delivery(): DeliveryInfo {
    return this.args[2];
  }

  /**
   * Runs `callback` once the handler's transaction has committed (not when it rolls back, nor for a
   * redelivered event the inbox skips): for effects outside the database, e.g. observing a metric once
   * per event. It must not throw.
   */
  afterCommit(callback: () => void): void {
    const callbacks = this.args[3];
    if (!callbacks) throw new Error('this EventContext runs no after-commit callbacks');
    callbacks.push(callback);
  }
}
