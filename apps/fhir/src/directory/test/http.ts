import type { ArgumentsHost } from '@nestjs/common';
import type { Resource } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { FhirEnv } from '../../config';
import { FhirError } from '../../http/fhir-error';
import { OperationOutcomeFilter } from '../../http/operation-outcome.filter';
import type { PublicApi } from '../../http/public-api';

export const BASE = 'https://api.example.pk/fhir/R4';
export const env = { FHIR_BASE_URL: BASE } as FhirEnv;
export const TOKEN = 'Bearer synthetic-token';

/** A request with the caller's token, as Fastify gives it to a controller. */
export const request = { headers: { authorization: TOKEN }, id: 'req-1' } as unknown as FastifyRequest;

/** The PublicApi with its `get` mocked: answers by path, or a refusal as the gateway would give it. */
export function mockApi(answers: Record<string, unknown>) {
  const get = jest.fn(async (_asker: unknown, path: string) => {
    const answer = answers[path];
    if (answer === undefined) throw new FhirError({ status: 404, detail: `${path} not found` });
    if (answer instanceof FhirError) throw answer;
    return answer;
  });
  return { api: { get } as unknown as PublicApi, get };
}

/** A reply that records what the controller sent. */
export function fakeReply() {
  const sent: { status?: number; headers: Record<string, string>; body?: Resource } = { headers: {} };
  const reply = {
    status(code: number) {
      sent.status = code;
      return reply;
    },
    header(name: string, value: string) {
      sent.headers[name] = value;
      return reply;
    },
    send(body: Resource) {
      sent.body = body;
      return reply;
    },
  };
  return { reply: reply as unknown as FastifyReply, sent };
}

/** What the client receives for an interaction: the resource, or the OperationOutcome of its refusal. */
export async function answerOf(interaction: (reply: FastifyReply) => Promise<unknown>) {
  const { reply, sent } = fakeReply();
  try {
    await interaction(reply);
  } catch (error) {
    const host = {
      switchToHttp: () => ({ getResponse: () => reply, getRequest: () => request }),
    } as unknown as ArgumentsHost;
    new OperationOutcomeFilter({ error: jest.fn() } as unknown as Logger).catch(error, host);
  }
  // The body as a spec reads it: a resource, a Bundle or an OperationOutcome, by the case.
  return sent as { status: number; headers: Record<string, string>; body: any };
}
