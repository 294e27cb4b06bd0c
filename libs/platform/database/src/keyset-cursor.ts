import { UUID_SHAPE } from '@referral/contracts';

/** Where a page of a list ended: lists are ordered by creation time, ties broken by id. */
export interface KeysetPosition {
  createdAt: Date;
  id: string;
}

/** An opaque `cursor` for the next page: the last item's creation time (ms) and id. */
export function encodeKeysetCursor(position: KeysetPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt.toISOString(), position.id])).toString('base64url');
}

/** The position a cursor of ours names; undefined for anything we did not hand out (the caller answers 422). */
export function decodeKeysetCursor(cursor: string): KeysetPosition | undefined {
  const value = parseCursor(cursor);
  if (
    Array.isArray(value) &&
    value.length === 2 &&
    typeof value[1] === 'string' &&
    UUID_SHAPE.test(value[1])
  ) {
    const createdAt = instantOf(value[0]);
    if (createdAt) return { createdAt, id: value[1] };
  }
  return undefined;
}

const ISO_INSTANT = /^(\d{4})-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The instant of a time we wrote (`toISOString()` of a stored timestamp): exactly that form, a real
 * date, from year 1 to 9999. Anything else — `Date.parse` takes far more — PostgreSQL could refuse
 * (year 0, ±275760: "out of range"), which would be a 500 instead of the 422 it is.
 */
function instantOf(text: unknown): Date | undefined {
  if (typeof text !== 'string') return undefined;
  const match = ISO_INSTANT.exec(text);
  if (!match || Number(match[1]) < 1) return undefined;
  const at = new Date(text);
  return !Number.isNaN(at.getTime()) && at.toISOString() === text ? at : undefined;
}

/**
 * Where a page of a list ordered first by a small rank ended (the queue: urgent = 0 first), then by a
 * time (compared at millisecond precision), then by id.
 */
export interface RankedKeysetPosition {
  rank: number;
  at: Date;
  id: string;
}

export function encodeRankedKeysetCursor(position: RankedKeysetPosition): string {
  return Buffer.from(JSON.stringify([position.rank, position.at.toISOString(), position.id])).toString(
    'base64url',
  );
}

/** The position a ranked cursor of ours names; undefined for anything else (the caller answers 422). */
export function decodeRankedKeysetCursor(cursor: string): RankedKeysetPosition | undefined {
  const value = parseCursor(cursor);
  if (
    Array.isArray(value) &&
    value.length === 3 &&
    Number.isInteger(value[0]) &&
    (value[0] as number) >= 0 &&
    (value[0] as number) <= 9 &&
    instantOf(value[1]) &&
    typeof value[2] === 'string' &&
    UUID_SHAPE.test(value[2])
  ) {
    return { rank: value[0] as number, at: instantOf(value[1])!, id: value[2] };
  }
  return undefined;
}

const SEQUENCE = /^[1-9]\d{0,18}$/;
const BIGINT_MAX = 9223372036854775807n;

/** Whether the text is a positive PostgreSQL bigint (a larger number would fail the query: a 500). */
export const isPositiveBigint = (text: string): boolean => SEQUENCE.test(text) && BigInt(text) <= BIGINT_MAX;

/** An opaque `cursor` for an append-only list ordered by a bigint sequence (e.g. a referral's history). */
export function encodeSequenceCursor(seq: string): string {
  return Buffer.from(JSON.stringify([seq])).toString('base64url');
}

/** The sequence number a cursor of ours names; undefined for anything else (the caller answers 422). */
export function decodeSequenceCursor(cursor: string): string | undefined {
  const value = parseCursor(cursor);
  return Array.isArray(value) &&
    value.length === 1 &&
    typeof value[0] === 'string' &&
    isPositiveBigint(value[0])
    ? value[0]
    : undefined;
}

/** An opaque `cursor` for a list ordered by one text key (the specialties, by code). */
export function encodeKeyCursor(key: string): string {
  return Buffer.from(JSON.stringify({ after: key })).toString('base64url');
}

/** The key a cursor of ours names, when it has the list's key `shape`; undefined otherwise (422). */
export function decodeKeyCursor(cursor: string, shape: RegExp): string | undefined {
  const value = parseCursor(cursor) as { after?: unknown } | undefined;
  const after = typeof value === 'object' && value !== null ? value.after : undefined;
  return typeof after === 'string' && shape.test(after) ? after : undefined;
}

function parseCursor(cursor: string): unknown {
  try {
    return JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined; // not JSON: not ours
  }
}
