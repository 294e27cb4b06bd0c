import { AsyncLocalStorage } from 'node:async_hooks';
import type { Caller } from '@referral/platform-auth';

/**
 * The authenticated caller of the tus request being handled. `@tus/server` calls the store and the
 * hooks without Nest's request, so the controller runs it inside this context.
 */
const uploadContext = new AsyncLocalStorage<Caller>();

export const runAsUploader = <T>(caller: Caller, handle: () => Promise<T>) =>
  uploadContext.run(caller, handle);

export function currentUploader(): Caller {
  const caller = uploadContext.getStore();
  if (!caller) throw new Error('a tus upload is handled outside runAsUploader');
  return caller;
}
