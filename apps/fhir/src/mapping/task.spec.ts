import type { Task } from '@medplum/fhirtypes';
import type { ReferralResource } from '@referral/contracts';
import { referral } from './test/referral';
import { SYSTEMS } from './systems';
import { readTaskChange, toTask } from './task';

const ME = '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const OTHER = '0d3f6c1a-7b2e-4c9d-8e5f-1a2b3c4d5e6f';

const held = referral({ status: 'received', stage: 'claimed', holderPractitionerId: ME });
const edited = (from: ReferralResource, changes: Partial<Task>): Task => ({ ...toTask(from), ...changes });

describe('toTask', () => {
  it('carries status, stage as businessStatus, the holder as owner and the deadline that applies now', () => {
    expect(toTask(referral())).toMatchObject({
      resourceType: 'Task',
      status: 'requested',
      businessStatus: { coding: [{ system: SYSTEMS.stage, code: 'pool' }] },
      intent: 'order',
      focus: { reference: 'ServiceRequest/3c5e7a9b-1d2f-4a6b-8c0d-2e4f6a8b0c1d' },
      for: { reference: 'Patient/1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d' },
      requester: { reference: 'Practitioner/2b6e0c4d-8f1a-4d3e-9b7c-5a0f1e2d3c40' },
      restriction: { period: { end: '2026-12-04T12:00:00.000Z' } },
    });
    expect(toTask(referral()).owner).toBeUndefined();
    expect(toTask(held)).toMatchObject({
      owner: { reference: `Practitioner/${ME}` },
      restriction: { period: { end: '2026-12-06T12:00:00.000Z' } },
    });
  });

  it('names the referring organization when no practitioner is known, and no patient when none is', () => {
    const task = toTask(referral({ referringPractitionerId: null, patientId: null }));
    expect(task.requester).toEqual({ reference: 'Organization/7d9f3a10-0c5e-4c2b-9e61-3f0a5b8d2c01' });
    expect(task.for).toBeUndefined();
  });
});

describe('toTask output', () => {
  it('names the consult as the output once it is given, and nothing before', () => {
    expect(toTask(held).output).toBeUndefined();
    const answered = referral({
      status: 'in-progress',
      stage: 'consult-provided',
      holderPractitionerId: ME,
      consult: {
        assessment: 'Tinea corporis',
        advice: 'Topical terbinafine for two weeks',
        recommendation: 'manage-locally',
        followUpInDays: null,
        practitionerId: ME,
        providedAt: '2026-12-05T09:00:00.000Z',
      },
    });
    expect(toTask(answered).output).toEqual([
      {
        type: { text: 'consult' },
        valueReference: { reference: `Communication/${answered.id}-consult` },
      },
    ]);
  });
});

describe('readTaskChange', () => {
  it('reads the Task as it is as no change', () => {
    expect(readTaskChange(referral(), toTask(referral()), ME)).toEqual({ kind: 'unchanged' });
  });

  it('reads owner = the caller and received as a claim, and any other owner as refused', () => {
    const claim = (owner: string) => edited(referral(), { status: 'received', owner: { reference: owner } });
    expect(readTaskChange(referral(), claim(`Practitioner/${ME}`), ME)).toEqual({ kind: 'claim' });
    expect(readTaskChange(referral(), claim(`Practitioner/${OTHER}`), ME)).toMatchObject({
      kind: 'refused',
      status: 422,
    });
  });

  it('reads no owner and requested, with a reason, as a release', () => {
    const release = edited(held, {
      status: 'requested',
      owner: undefined,
      statusReason: { text: ' On leave ' },
    });
    expect(readTaskChange(held, release, ME)).toEqual({ kind: 'release', reason: 'On leave' });
    const { statusReason: _, ...withoutReason } = release;
    expect(readTaskChange(held, withoutReason, ME)).toMatchObject({ kind: 'refused', status: 422 });
  });

  it('reads in-progress from received as accepting', () => {
    expect(readTaskChange(held, edited(held, { status: 'in-progress' }), ME)).toEqual({ kind: 'accept' });
  });

  it('reads rejected with a decline reason code as declining, and without one as refused', () => {
    const decline = edited(held, {
      status: 'rejected',
      statusReason: {
        coding: [{ system: SYSTEMS.declineReason, code: 'wrong-specialty' }],
        text: 'Psoriasis?',
      },
    });
    expect(readTaskChange(held, decline, ME)).toEqual({
      kind: 'decline',
      reason: 'wrong-specialty',
      note: 'Psoriasis?',
    });
    const unknown = edited(held, { status: 'rejected', statusReason: { coding: [{ code: 'bored' }] } });
    expect(readTaskChange(held, unknown, ME)).toMatchObject({ kind: 'refused', status: 422 });
  });

  it('reads cancelled with a reason as cancelling', () => {
    const cancel = edited(referral(), { status: 'cancelled', statusReason: { text: 'Seen in person' } });
    expect(readTaskChange(referral(), cancel, null)).toEqual({ kind: 'cancel', reason: 'Seen in person' });
  });

  it('reads completed as closing (businessStatus closed) or converting (converted), from in-progress only', () => {
    const answered = referral({ status: 'in-progress', stage: 'consult-provided', holderPractitionerId: ME });
    const completed = (stage: string, text?: string) =>
      edited(answered, {
        status: 'completed',
        businessStatus: { coding: [{ system: SYSTEMS.stage, code: stage }] },
        ...(text ? { statusReason: { text } } : {}),
      });
    expect(readTaskChange(answered, completed('closed', 'Managed locally, thank you'), null)).toEqual({
      kind: 'close',
      comment: 'Managed locally, thank you',
    });
    expect(readTaskChange(answered, completed('converted', 'Needs a biopsy'), ME)).toEqual({
      kind: 'convert',
      reason: 'Needs a biopsy',
    });
    expect(readTaskChange(answered, completed('converted'), ME)).toEqual({ kind: 'convert' });
    expect(readTaskChange(answered, completed('answering'), ME)).toMatchObject({
      kind: 'refused',
      status: 422,
    });
    expect(readTaskChange(held, completed('closed'), ME)).toMatchObject({ kind: 'refused', status: 409 });
  });

  it("refuses a change to what is the referral's (422) and a status no action reaches from here (409)", () => {
    const refocused = edited(referral(), { focus: { reference: 'ServiceRequest/another' } });
    expect(readTaskChange(referral(), refocused, ME)).toMatchObject({ kind: 'refused', status: 422 });
    expect(readTaskChange(referral(), edited(referral(), { status: 'in-progress' }), ME)).toMatchObject({
      kind: 'refused',
      status: 409,
      detail: expect.stringContaining('status requested and stage pool'),
    });
    expect(readTaskChange(referral(), edited(referral(), { status: 'completed' }), ME)).toMatchObject({
      kind: 'refused',
      status: 409,
    });
  });
});
