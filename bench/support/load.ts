/**
 * The load shapes of the stack benchmarks, both submitting routine referrals to the pool on a
 * clinic's case files, each with a fresh Idempotency-Key:
 *
 * - closed loop: `clients` workers, each sending its next request when its previous one answered
 *   (saturation: what the stack completes per second);
 * - open loop: requests sent on a fixed schedule (`rate` per second) whether or not earlier ones have
 *   answered, the latency measured from the scheduled send time, so that a stall delays the
 *   measurements of every request it held back (no coordinated omission).
 */
import { performance } from 'node:perf_hooks';
import { sleep, type Http } from './http';
import { idempotencyKey, referralBody, type Clinic } from './setup';

export interface Sample {
  /** When the request was due (performance.now() ms); the same as `start` in a closed loop. */
  scheduled: number;
  /** When it was sent (performance.now() ms). */
  start: number;
  /** When the answer's body was in (performance.now() ms). */
  end: number;
  /** 0: no answer (connection error, timeout). */
  status: number;
  /** The referral's id, from a 201. */
  id?: string;
  error?: string;
}

/** performance.now() ms → epoch ms. */
export const epochOf = (now: number) => performance.timeOrigin + now;

/** One submission of a referral on the clinic's `i`-th case file (round robin). */
export async function submitReferral(
  http: Http,
  clinic: Clinic,
  i: number,
  scheduled = performance.now(),
  specialtyCode = 'dermatology',
): Promise<Sample> {
  const start = performance.now();
  try {
    const answer = await http.call('POST', '/v1/referrals', {
      token: clinic.clinician.token,
      headers: idempotencyKey(),
      body: referralBody(clinic.caseFileIds[i % clinic.caseFileIds.length], specialtyCode),
    });
    const sample: Sample = { scheduled, start, end: performance.now(), status: answer.status };
    if (answer.status === 201) sample.id = answer.body?.id;
    else sample.error = `${answer.status} ${JSON.stringify(answer.body).slice(0, 300)}`;
    return sample;
  } catch (error) {
    return { scheduled, start, end: performance.now(), status: 0, error: String(error) };
  }
}

/** `clients` workers submitting back to back until `until` (performance.now() ms). */
export async function closedLoop(
  http: Http,
  clinic: Clinic,
  clients: number,
  until: number,
): Promise<Sample[]> {
  const samples: Sample[] = [];
  await Promise.all(
    Array.from({ length: clients }, async (_, w) => {
      for (let i = 0; performance.now() < until; i++) {
        samples.push(await submitReferral(http, clinic, w + i * clients));
      }
    }),
  );
  return samples;
}

/** `count` submissions at `rate` per second, each sent at its scheduled time; waits for every answer. */
export async function openLoop(
  http: Http,
  clinic: Clinic,
  rate: number,
  count: number,
): Promise<{ samples: Sample[]; seconds: number }> {
  const start = performance.now();
  const inFlight: Promise<Sample>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    inFlight.push(submitReferral(http, clinic, i, due));
  }
  const samples = await Promise.all(inFlight);
  return { samples, seconds: (performance.now() - start) / 1000 };
}
