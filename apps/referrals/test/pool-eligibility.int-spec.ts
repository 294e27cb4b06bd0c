import { randomUUID } from 'node:crypto';
import { poolScenario, type PoolScenario } from '@referral/testing';
import { Eligibility } from '../src/specialists/eligibility';
import { DirectoryPublisher, startReferrals, type TestReferrals } from './support/referrals';

/**
 * The referrals half of the comparison with the notifications service
 * (apps/notifications/test/pool-eligibility.int-spec.ts): the same directory events and held
 * referrals (`poolScenario` of libs/testing), the same answer to "who may take this referral now".
 */
describe('referrals: who may take a referral, as the notifications service offers it (real PostgreSQL and Kafka)', () => {
  let referrals: TestReferrals;
  let directory: DirectoryPublisher;
  let eligibility: Eligibility;
  let scenario: PoolScenario;
  const now = new Date();
  let clock = now.getTime();

  const namesOf = (ids: string[]) =>
    scenario.practitioners
      .filter((practitioner) => ids.includes(practitioner.snapshot.practitionerId))
      .map((practitioner) => practitioner.name)
      .sort();

  beforeAll(async () => {
    referrals = await startReferrals();
    directory = new DirectoryPublisher(referrals);
    eligibility = referrals.service.app.get(Eligibility);
    scenario = poolScenario(now, () => new Date((clock += 1)).toISOString());
    for (const { snapshot, holds } of scenario.practitioners) {
      await directory.register(snapshot);
      // Held referrals, written directly: the workflow that makes them is not what is tested here.
      for (const status of holds) {
        await referrals.dataSource.query(
          `INSERT INTO referral (id, status, stage, priority, specialty_code, question, case_file_id,
                                 referring_organization_id, holder_practitioner_id, claim_due_at, answer_due_at)
           VALUES ($1, $2, 'claimed', 'routine', 'cardiology', 'Chest pain?', $3, $4, $5, now(), now())`,
          [randomUUID(), status, randomUUID(), randomUUID(), snapshot.practitionerId],
        );
      }
    }
  });

  afterAll(async () => {
    await directory?.stop();
    await referrals?.close();
  });

  it('finds the pool: eligible, in the language, under capacity, available now', async () => {
    const ids = await eligibility.eligibleSpecialists(scenario.specialtyCode, {
      language: scenario.requiredLanguage,
      availableAt: now,
      now,
    });
    expect(namesOf(ids)).toEqual([...scenario.pool].sort());
  });

  it('widens the pool to those outside their availability windows, and no further', async () => {
    const ids = await eligibility.eligibleSpecialists(scenario.specialtyCode, {
      language: scenario.requiredLanguage,
      now,
    });
    expect(namesOf(ids)).toEqual([...scenario.widenedPool].sort());
  });

  it('lets claim exactly the widened pool: eligible and under capacity, one by one', async () => {
    const mayClaim: string[] = [];
    for (const { snapshot } of scenario.practitioners) {
      const check = await eligibility.check(snapshot.practitionerId, {
        specialtyCode: scenario.specialtyCode,
        language: scenario.requiredLanguage,
        now,
      });
      if (check.eligible && !check.atCapacity) mayClaim.push(snapshot.practitionerId);
    }
    expect(namesOf(mayClaim)).toEqual([...scenario.widenedPool].sort());
  });

  it('shows a pool referral in the queue of the eligible, at capacity or not, available or not', async () => {
    const referralId = randomUUID();
    await referrals.dataSource.query(
      `INSERT INTO referral (id, status, stage, priority, specialty_code, question, case_file_id,
                             referring_organization_id, required_language, claim_due_at, answer_due_at)
       VALUES ($1, 'requested', 'pool', 'routine', $2, 'Rash?', $3, $4, $5, now() + interval '1 day',
               now() + interval '7 days')`,
      [referralId, scenario.specialtyCode, randomUUID(), randomUUID(), scenario.requiredLanguage],
    );
    const sees: string[] = [];
    for (const { snapshot } of scenario.practitioners) {
      const token = referrals.issuer.token({
        org: snapshot.organizationId,
        roles: ['specialist'],
        practitioner: snapshot.practitionerId,
      });
      const response = await fetch(
        `${referrals.service.url}/v1/queue?specialty=${scenario.specialtyCode}&limit=100`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      expect(response.status).toBe(200);
      const { items } = (await response.json()) as { items: { referralId: string }[] };
      if (items.some((item) => item.referralId === referralId)) sees.push(snapshot.practitionerId);
    }
    expect(namesOf(sees)).toEqual([...scenario.eligible].sort());
  });
});
