import type { Organization, Practitioner, Reference, Task } from '@medplum/fhirtypes';
import { DECLINE_REASONS, type ReferralResource } from '@referral/contracts';
import { consultCommunicationId } from './communication';
import { SYSTEMS } from './systems';

/** The stages in which a referral waits to be claimed: its deadline then is the claim deadline. */
const UNCLAIMED_STAGES: ReadonlySet<string> = new Set(['pool', 'assigned', 'escalated']);

const practitioner = (id: string | null): Reference<Practitioner> | undefined =>
  id === null ? undefined : { reference: `Practitioner/${id}` };

const organization = (id: string): Reference<Organization> => ({ reference: `Organization/${id}` });

/**
 * A referral as the FHIR Task of answering it. Our status is FHIR Task status already (the subset a
 * referral uses) and our stage its businessStatus; the owner is the holder; the restriction period ends
 * at the deadline that applies now (claiming while unclaimed, answering while held); the focus is the
 * ServiceRequest of the same id (what is asked).
 */
export function toTask(referral: ReferralResource): Task {
  const request: Reference = { reference: `ServiceRequest/${referral.id}` };
  const deadline = UNCLAIMED_STAGES.has(referral.stage) ? referral.claimDueAt : referral.answerDueAt;
  return {
    resourceType: 'Task',
    id: referral.id,
    meta: { lastUpdated: referral.updatedAt },
    identifier: [{ system: SYSTEMS.referralId, value: referral.id }],
    basedOn: [request],
    focus: request,
    status: referral.status as Task['status'],
    businessStatus: { coding: [{ system: SYSTEMS.stage, code: referral.stage }] },
    intent: 'order',
    priority: referral.priority === 'urgent' ? 'urgent' : 'routine',
    ...(referral.patientId ? { for: { reference: `Patient/${referral.patientId}` } } : {}),
    authoredOn: referral.createdAt,
    lastModified: referral.updatedAt,
    requester:
      practitioner(referral.referringPractitionerId) ?? organization(referral.referringOrganizationId),
    ...(referral.holderPractitionerId ? { owner: practitioner(referral.holderPractitionerId) } : {}),
    restriction: { period: { end: deadline } },
    // The answer, once given: the consult's Communication.
    ...(referral.consult
      ? {
          output: [
            {
              type: { text: 'consult' },
              valueReference: { reference: `Communication/${consultCommunicationId(referral.id)}` },
            },
          ],
        }
      : {}),
  };
}

/** What a client's change to a Task asks of the workflow (one of our actions), or why it cannot. */
export type TaskChange =
  | { kind: 'unchanged' }
  | { kind: 'claim' }
  | { kind: 'release'; reason: string }
  | { kind: 'accept' }
  | { kind: 'decline'; reason: (typeof DECLINE_REASONS)[number]; note?: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'close'; comment?: string }
  | { kind: 'convert'; reason?: string }
  | { kind: 'refused'; status: 409 | 422; detail: string };

/** The fields of a Task a client may change; everything else is the referral's and stays as it is. */
const ownerOf = (task: Task): string | undefined => task.owner?.reference;

/**
 * Reads a client's new version of a Task (after `PUT`, or after applying its JSON Patch) against the
 * referral as it is, as one workflow action: claim (owner set to the caller, `requested` →
 * `received`), release (owner removed, back to `requested`, with `statusReason.text`), accept
 * (`received` → `in-progress`), decline (`rejected`, with a decline reason code), cancel (`cancelled`,
 * with `statusReason.text`), close (`completed` with businessStatus `closed`: the referrer is done, the
 * question answered; `statusReason.text` as the comment) and convert (`completed` with businessStatus
 * `converted`: the holder sends the patient in person; `statusReason.text` as the reason). The services still decide whether the caller may: this only reads what is
 * asked. Anything else is refused: 422 for a change no action makes (a field that is the referral's,
 * an owner other than the caller), 409 for a status the referral cannot move to from where it is.
 */
export function readTaskChange(
  current: ReferralResource,
  next: Task,
  callerPractitionerId: string | null,
): TaskChange {
  const before = toTask(current);
  for (const field of ['focus', 'for', 'requester', 'intent', 'priority'] as const) {
    if (JSON.stringify(next[field]) !== JSON.stringify(before[field])) {
      return {
        kind: 'refused',
        status: 422,
        detail: `Task.${field} is the referral's and cannot be changed`,
      };
    }
  }
  const owner = ownerOf(next);
  const ownerChanged = owner !== ownerOf(before);
  if (next.status === before.status && !ownerChanged) return { kind: 'unchanged' };
  const reasonText = next.statusReason?.text?.trim();
  const caller = callerPractitionerId === null ? undefined : `Practitioner/${callerPractitionerId}`;

  switch (next.status) {
    case 'received':
      if (current.status !== 'requested') break;
      if (!owner || owner !== caller) {
        return { kind: 'refused', status: 422, detail: 'claiming sets Task.owner to the caller' };
      }
      return { kind: 'claim' };
    case 'requested':
      if (current.status === 'requested') break;
      if (owner) return { kind: 'refused', status: 422, detail: 'releasing removes Task.owner' };
      if (!reasonText) return { kind: 'refused', status: 422, detail: 'releasing needs statusReason.text' };
      return { kind: 'release', reason: reasonText };
    case 'in-progress':
      if (current.status !== 'received' || ownerChanged) break;
      return { kind: 'accept' };
    case 'rejected': {
      const code = next.statusReason?.coding?.find((coding) => coding.system === SYSTEMS.declineReason)?.code;
      const reason = DECLINE_REASONS.find((known) => known === code);
      if (!reason) {
        return {
          kind: 'refused',
          status: 422,
          detail: `declining needs statusReason.coding from ${SYSTEMS.declineReason}: ${DECLINE_REASONS.join(', ')}`,
        };
      }
      return { kind: 'decline', reason, ...(reasonText ? { note: reasonText } : {}) };
    }
    case 'cancelled':
      if (!reasonText) return { kind: 'refused', status: 422, detail: 'cancelling needs statusReason.text' };
      return { kind: 'cancel', reason: reasonText };
    case 'completed': {
      // Closing follows the consult, converting is the holder's while answering: both from in-progress.
      if (current.status !== 'in-progress' || ownerChanged) break;
      const stage = next.businessStatus?.coding?.find((coding) => coding.system === SYSTEMS.stage)?.code;
      if (stage === 'closed') return { kind: 'close', ...(reasonText ? { comment: reasonText } : {}) };
      if (stage === 'converted') return { kind: 'convert', ...(reasonText ? { reason: reasonText } : {}) };
      return {
        kind: 'refused',
        status: 422,
        detail: `completing needs businessStatus ${SYSTEMS.stage} closed (the referrer closes) or converted (the holder converts)`,
      };
    }
    default:
      break;
  }
  return {
    kind: 'refused',
    status: 409,
    detail: `a referral with status ${current.status} and stage ${current.stage} cannot become ${next.status ?? 'no status'}${ownerChanged ? ' with that owner' : ''}`,
  };
}
