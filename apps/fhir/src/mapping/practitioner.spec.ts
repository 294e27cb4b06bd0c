import type { PractitionerSearchResult } from '@referral/contracts';
import {
  AVAILABILITY_TIME_ZONE_NOTE,
  availableTime,
  searchResultRole,
  toPractitioner,
  toPractitionerRole,
} from './practitioner';
import { practitioner, role } from './test/directory';
import { SYSTEMS } from './systems';

const searchResult: PractitionerSearchResult = {
  roleId: role().id,
  practitionerId: practitioner().id,
  name: 'Dr. Ayesha Siddiqui',
  specialtyCode: 'dermatology',
  organizationId: role().organizationId,
  languages: ['ur', 'en'],
  maxOpenCases: 10,
  licenceType: 'provisional',
  licenceExpiresOn: '2027-06-30',
  availability: [],
};

describe('toPractitioner', () => {
  it('identifies them by PMDC number and our id, with the licence, languages, phone and email of the read', () => {
    expect(toPractitioner(practitioner())).toEqual({
      resourceType: 'Practitioner',
      id: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
      meta: { lastUpdated: '2026-11-22T05:00:00.000Z' },
      identifier: [
        { system: SYSTEMS.pmdcNumber, value: '12345-P' },
        { system: SYSTEMS.practitionerId, value: '6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d' },
      ],
      active: true,
      telecom: [
        { system: 'phone', value: '+923211234567', use: 'work' },
        { system: 'email', value: 'ayesha.siddiqui@example.pk', use: 'work' },
      ],
      name: [{ text: 'Dr. Ayesha Siddiqui' }],
      qualification: [
        {
          identifier: [{ system: SYSTEMS.pmdcNumber, value: '12345-P' }],
          code: { coding: [{ system: SYSTEMS.licenceType, code: 'full' }], text: 'PMDC full licence' },
          period: { end: '2027-12-31' },
          issuer: { display: 'Pakistan Medical and Dental Council' },
        },
      ],
      communication: ['ur', 'en', 'pa'].map((code) => ({ coding: [{ system: 'urn:ietf:bcp:47', code }] })),
    });
  });

  it('has no email without one, and no gender: we hold none', () => {
    const p = toPractitioner(practitioner({ email: null, active: false }));
    expect(p.telecom).toEqual([{ system: 'phone', value: '+923211234567', use: 'work' }]);
    expect(p.active).toBe(false);
    expect(p.gender).toBeUndefined();
  });

  it('shows of a search result only what search shows: no PMDC number, phone, email or active flag', () => {
    const p = toPractitioner(searchResult);
    expect(p.id).toBe(practitioner().id);
    expect(p.identifier).toEqual([{ system: SYSTEMS.practitionerId, value: practitioner().id }]);
    expect(p.telecom).toBeUndefined();
    expect(p.active).toBeUndefined();
    expect(p.qualification?.[0]).toEqual({
      code: {
        coding: [{ system: SYSTEMS.licenceType, code: 'provisional' }],
        text: 'PMDC provisional licence',
      },
      period: { end: '2027-06-30' },
      issuer: { display: 'Pakistan Medical and Dental Council' },
    });
  });
});

describe('availableTime', () => {
  it('groups the days with the same hours, in weekday order, as hh:mm:ss', () => {
    expect(availableTime(role().availability)).toEqual([
      { daysOfWeek: ['mon', 'wed'], availableStartTime: '18:00:00', availableEndTime: '22:00:00' },
      { daysOfWeek: ['sat'], availableStartTime: '09:00:00', availableEndTime: '13:00:00' },
    ]);
  });

  it('ends a window at 24:00 on the last second of the day, and a whole day is allDay', () => {
    expect(
      availableTime([
        { day: 'sun', start: '20:00', end: '24:00' },
        { day: 'fri', start: '00:00', end: '24:00' },
      ]),
    ).toEqual([
      { daysOfWeek: ['fri'], allDay: true },
      { daysOfWeek: ['sun'], availableStartTime: '20:00:00', availableEndTime: '23:59:59' },
    ]);
  });

  it('says always (every day, all day) when there are no windows, as our API means it', () => {
    expect(availableTime([])).toEqual([
      { daysOfWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'], allDay: true },
    ]);
  });
});

describe('toPractitionerRole', () => {
  it('names the practitioner, organization and specialty, with the windows in Karachi time', () => {
    expect(toPractitionerRole(practitioner(), role())).toEqual({
      resourceType: 'PractitionerRole',
      id: '0d9b4c7e-2f6a-4a18-9e35-c81b7d4f2a69',
      meta: { lastUpdated: '2026-11-21T05:00:00.000Z' },
      active: true,
      practitioner: {
        reference: 'Practitioner/6a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d',
        display: 'Dr. Ayesha Siddiqui',
      },
      organization: { reference: 'Organization/a91e2c37-4b5d-4f68-8e13-27c9d0b6e5a4' },
      specialty: [{ coding: [{ system: SYSTEMS.specialty, code: 'dermatology', display: 'Dermatology' }] }],
      availableTime: [
        { daysOfWeek: ['mon', 'wed'], availableStartTime: '18:00:00', availableEndTime: '22:00:00' },
        { daysOfWeek: ['sat'], availableStartTime: '09:00:00', availableEndTime: '13:00:00' },
      ],
      availabilityExceptions: AVAILABILITY_TIME_ZONE_NOTE,
    });
    expect(AVAILABILITY_TIME_ZONE_NOTE).toContain('Asia/Karachi');
  });

  it('reads a search result as its role, without what search does not show', () => {
    const r = searchResultRole(searchResult);
    expect(r).toMatchObject({
      id: role().id,
      practitioner: { reference: `Practitioner/${practitioner().id}` },
      availableTime: [{ allDay: true }],
    });
    expect(r.active).toBeUndefined();
    expect(r.meta).toBeUndefined();
  });
});
