import type { ClassConstructor } from 'class-transformer';
import type { Topic } from './topics';

/** `<entity>.<event>`, both parts snake_case: the CloudEvents `ce_type` and the webhook `type`. */
export const EVENT_TYPE_PATTERN = /^[a-z]+(_[a-z]+)*\.[a-z]+(_[a-z]+)*$/;

export interface EventDefinition<TType extends string = string, TData extends object = object> {
  readonly type: TType;
  readonly topic: Topic;
  readonly payload: ClassConstructor<TData>;
  /** Synthetic, realistic data that the contract tests validate. */
  readonly sample: TData;
  readonly description: string;
}

export function defineEvent<const TType extends string, TData extends object>(definition: {
  type: TType;
  topic: Topic;
  payload: ClassConstructor<TData>;
  sample: NoInfer<TData>;
  description: string;
}): EventDefinition<TType, TData> {
  return Object.freeze(definition);
}
