import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Communication } from '@medplum/fhirtypes';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { MessageResource, MessageThread, ReferralResource } from '@referral/contracts';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { FhirError } from '../http/fhir-error';
import { sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi } from '../http/public-api';
import { count, nextLink, searchParams, selfLink, single, type SearchParams } from '../http/search';
import { searchset } from '../mapping/bundle';
import { consultCommunication, readCommunication, toCommunication } from '../mapping/communication';
import { readCompoundId } from '../mapping/compound-id';
import { referencedId } from '../mapping/service-request-create';
import { ReferralResources } from './referral-resources';

/** How far a read looks into a thread (100 messages a page). */
const MAX_THREAD_PAGES = 20;

/** `{referralId}-consult` (consultCommunicationId). */
const CONSULT_ID = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})-consult$/i;

/**
 * A referral's conversation as FHIR Communications: the thread's messages (clarification requests
 * and responses, follow-ups, notes) and the consult. Search is by referral (`based-on` its
 * ServiceRequest or `part-of` its Task); create posts a message or gives the consult.
 */
@Controller('fhir/R4/Communication')
@UseFilters(OperationOutcomeFilter)
export class CommunicationController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
    private readonly referrals: ReferralResources,
  ) {}

  /**
   * One message (its id names the referral and the message) or the consult (`{referralId}-consult`),
   * for whoever may read the referral's thread.
   */
  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const asker = askerOf(request);
    const consultOf = CONSULT_ID.exec(id)?.[1];
    if (consultOf) {
      const referral = await this.referrals.read(asker, consultOf.toLowerCase());
      if (!referral.consult) throw FhirError.of(404, `Communication/${id} is not known: no consult yet`);
      return sendResource(reply, 200, consultCommunication(referral, referral.consult));
    }
    const named = readCompoundId(id);
    if (!named) throw FhirError.of(404, `Communication/${id} is not known`);
    const referral = await this.referrals.read(asker, named.owner);
    let cursor: string | undefined;
    // A thread is a conversation of a few messages: its pages are read until the message is found.
    for (let page = 0; page < MAX_THREAD_PAGES; page++) {
      const thread = await this.api.get<MessageThread>(asker, `/v1/referrals/${named.owner}/messages`, {
        limit: 100,
        cursor,
      });
      const message = thread.items.find((item) => item.id === named.item);
      if (message) return sendResource(reply, 200, toCommunication(referral, message));
      if (!thread.nextCursor) break;
      cursor = thread.nextCursor;
    }
    throw FhirError.of(404, `Communication/${id} is not known`);
  }

  /** The thread oldest first, in pages; the consult, once given, ends the first page. */
  @Get()
  async search(@Query() query: SearchParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params = searchParams(query, ['based-on', 'part-of']);
    const basedOn = single(params, 'based-on');
    const partOf = single(params, 'part-of');
    const referralId = basedOn
      ? referencedId(basedOn, 'ServiceRequest')
      : partOf
        ? referencedId(partOf, 'Task')
        : undefined;
    if (!referralId) {
      throw FhirError.of(
        400,
        'Search Communications of one referral: based-on=ServiceRequest/{id} or part-of=Task/{id}',
      );
    }
    const asker = askerOf(request);
    const cursor = single(params, '_cursor');
    const referral = await this.referrals.read(asker, referralId);
    const thread = await this.api.get<MessageThread>(asker, `/v1/referrals/${referralId}/messages`, {
      limit: count(params),
      cursor,
    });
    const communications = thread.items.map((message) => toCommunication(referral, message));
    if (!cursor && referral.consult) communications.push(consultCommunication(referral, referral.consult));
    const base = this.env.FHIR_BASE_URL;
    return sendResource(
      reply,
      200,
      searchset(communications, {
        base,
        self: selfLink(base, 'Communication', params),
        next: nextLink(base, 'Communication', params, thread.nextCursor),
      }),
    );
  }

  /** A message of the thread (`POST …/messages`) or the consult (`POST …/consult`), as the caller. */
  @Post()
  async create(
    @Body() body: Communication,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const write = readCommunication(body ?? ({} as Communication));
    if (write.kind === 'refused') throw FhirError.of(write.status, write.detail);
    const asker = askerOf(request);
    const base = this.env.FHIR_BASE_URL;
    if (write.kind === 'consult') {
      const referral = await this.api.post<ReferralResource>(
        asker,
        `/v1/referrals/${write.referralId}/consult`,
        write.request,
        idempotencyKey,
      );
      const consult = consultCommunication(referral, referral.consult!);
      return sendResource(reply, 201, consult, { location: `${base}/Communication/${consult.id}` });
    }
    const message = await this.api.post<MessageResource>(
      asker,
      `/v1/referrals/${write.referralId}/messages`,
      write.request,
      idempotencyKey,
    );
    const referral = await this.referrals.read(asker, write.referralId);
    const communication = toCommunication(referral, message);
    return sendResource(reply, 201, communication, { location: `${base}/Communication/${communication.id}` });
  }
}
