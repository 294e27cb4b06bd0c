import type { Task } from '@medplum/fhirtypes';
import type { QueueItem } from '@referral/contracts';
import { SYSTEMS } from '../mapping/systems';

/**
 * A referral of the open pool as a specialist's queue shows it, as a Task: what is asked and by when,
 * without who the patient is or who asks (de-identified, as the queue is) — the age band and sex as
 * inputs, the question as the description. Claiming it (status `received`, owner the caller) is the
 * way to see the rest.
 */
export function toPoolTask(item: QueueItem): Task {
  return {
    resourceType: 'Task',
    id: item.referralId,
    identifier: [{ system: SYSTEMS.referralId, value: item.referralId }],
    basedOn: [{ reference: `ServiceRequest/${item.referralId}` }],
    focus: { reference: `ServiceRequest/${item.referralId}` },
    status: 'requested',
    businessStatus: { coding: [{ system: SYSTEMS.stage, code: item.stage }] },
    intent: 'order',
    priority: item.priority === 'urgent' ? 'urgent' : 'routine',
    description: item.question,
    authoredOn: item.createdAt,
    restriction: { period: { end: item.claimDueAt } },
    input: [
      { type: { text: 'specialty' }, valueCoding: { system: SYSTEMS.specialty, code: item.specialtyCode } },
      { type: { text: 'age band' }, valueString: item.ageBand },
      { type: { text: 'sex' }, valueString: item.sex },
    ],
  };
}
