/**
 * The roles an access token can carry (`roles` claim) and a route can require: people and partner
 * systems, and `contact-reader`, the notifications service reading practitioners' contact details.
 */
export const ROLES = [
  'admin',
  'coordinator',
  'clinician',
  'specialist',
  'partner',
  'contact-reader',
] as const;
export type Role = (typeof ROLES)[number];
