/**
 * Whether an endpoint subscribed to `subscriptions` receives an event of `type`: an exact type,
 * `<entity>.*` (every type of that entity, e.g. `referral.*`), or `*`.
 */
export function matchesEventType(subscriptions: readonly string[], type: string): boolean {
  const entity = type.slice(0, type.indexOf('.'));
  return subscriptions.some(
    (subscription) =>
      subscription === '*' || subscription === type || (entity !== '' && subscription === `${entity}.*`),
  );
}
