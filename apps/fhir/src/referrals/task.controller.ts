import {
  Body,
  Controller,
  Get,
  Headers,
  Inject,
  Param,
  Patch,
  Put,
  Query,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import type { Task } from '@medplum/fhirtypes';
import { applyPatch, type Operation } from 'fast-json-patch';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ReferralResource } from '@referral/contracts';
import { CurrentCaller, type Caller } from '@referral/platform-auth';
import { SERVICE_ENV } from '@referral/platform-http';
import type { FhirEnv } from '../config';
import { searchset } from '../mapping/bundle';
import { JSON_PATCH } from '../http/fhir-body';
import { FhirError, orNone } from '../http/fhir-error';
import { logicalId, sendResource } from '../http/fhir-reply';
import { OperationOutcomeFilter } from '../http/operation-outcome.filter';
import { askerOf, PublicApi, type Asker } from '../http/public-api';
import {
  count,
  lastUpdated,
  nextLink,
  searchParams,
  selfLink,
  single,
  type SearchParams,
} from '../http/search';
import { referencedId } from '../mapping/service-request-create';
import { readTaskChange, toTask, type TaskChange } from '../mapping/task';
import { toPoolTask } from './pool-task';
import { ReferralResources } from './referral-resources';

/** Where each workflow action goes in the public API, and with what body. */
function actionCall(id: string, change: Exclude<TaskChange, { kind: 'unchanged' | 'refused' }>) {
  const path = `/v1/referrals/${id}/${change.kind}`;
  switch (change.kind) {
    case 'claim':
    case 'accept':
      return { path, body: undefined };
    case 'release':
    case 'cancel':
      return { path, body: { reason: change.reason } };
    case 'decline':
      return { path, body: { reason: change.reason, ...(change.note ? { note: change.note } : {}) } };
    case 'close':
      // The Task says the question was answered; a rating or "not answered" is the REST close's.
      return {
        path,
        body: { questionAnswered: true, ...(change.comment ? { comment: change.comment } : {}) },
      };
    case 'convert':
      return { path, body: change.reason ? { reason: change.reason } : {} };
  }
}

const TASK_INCLUDES = ['Task:focus', 'Task:based-on'];

/**
 * The work of answering a referral as FHIR Task: read, search (the open pool is
 * `owner:missing=true&status=requested`, de-identified as the queue is), and changes that drive the
 * workflow (`PUT` or JSON Patch `PATCH`, read as one action by `readTaskChange`).
 */
@Controller('fhir/R4/Task')
@UseFilters(OperationOutcomeFilter)
export class TaskController {
  constructor(
    @Inject(SERVICE_ENV) private readonly env: FhirEnv,
    private readonly api: PublicApi,
    private readonly referrals: ReferralResources,
  ) {}

  @Get(':id')
  async read(@Param('id') id: string, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const referral = await this.referrals.read(askerOf(request), logicalId('Task', id));
    return sendResource(reply, 200, toTask(referral));
  }

  @Get()
  async search(@Query() query: SearchParams, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const params = searchParams(query, [
      'status',
      'owner:missing',
      'focus',
      'based-on',
      '_lastUpdated',
      '_include',
    ]);
    const asker = askerOf(request);
    const base = this.env.FHIR_BASE_URL;
    const self = selfLink(base, 'Task', params);
    const include = this.includes(params);
    const status = single(params, 'status');
    const ownerMissing = single(params, 'owner:missing');
    if (ownerMissing !== undefined && ownerMissing !== 'true' && ownerMissing !== 'false') {
      throw FhirError.of(400, 'owner:missing is true or false');
    }
    if (ownerMissing === 'true') {
      // The open pool: what the caller (a specialist) may claim, as the queue shows it.
      if (status !== 'requested') {
        throw FhirError.of(400, 'owner:missing=true searches the open pool: give status=requested with it');
      }
      if (include.length > 0)
        throw FhirError.of(400, '_include is not available on the open pool (de-identified)');
      const page = await this.referrals.queue(asker, {
        limit: count(params),
        cursor: single(params, '_cursor'),
      });
      const updated = lastUpdated(params);
      const items = updated ? page.items.filter((item) => updated.test(item.createdAt)) : page.items;
      return sendResource(
        reply,
        200,
        searchset(items.map(toPoolTask), {
          base,
          self,
          next: nextLink(base, 'Task', params, page.nextCursor),
        }),
      );
    }
    const focus = single(params, 'focus') ?? single(params, 'based-on');
    if (focus !== undefined) {
      const id = referencedId(focus, 'ServiceRequest');
      const referral = id ? await this.readOrNone(asker, id) : undefined;
      const found = referral && (!status || referral.status === status) ? [referral] : [];
      return this.bundle(reply, found, include, { self });
    }
    const page = await this.referrals.list(asker, {
      status,
      limit: count(params),
      cursor: single(params, '_cursor'),
    });
    const updated = lastUpdated(params);
    const items = page.items.filter(
      (referral) =>
        (!updated || updated.test(referral.updatedAt)) &&
        (ownerMissing !== 'false' || referral.holderPractitionerId),
    );
    return this.bundle(reply, items, include, {
      self,
      next: nextLink(base, 'Task', params, page.nextCursor),
    });
  }

  /** A new version of the Task: read as one workflow action against the referral as it is. */
  @Put(':id')
  async update(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: Task,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    const referralId = logicalId('Task', id);
    if (body?.resourceType !== 'Task' || (body.id !== undefined && body.id !== referralId)) {
      throw FhirError.of(400, `The body must be the Task ${referralId} (resourceType Task, the same id)`);
    }
    const asker = askerOf(request);
    const current = await this.readOrNone(asker, referralId);
    if (!current) return this.claimUnseen(reply, asker, caller, referralId, body, idempotencyKey);
    return this.change(reply, asker, caller, current, body, idempotencyKey);
  }

  /** JSON Patch (RFC 6902) applied to the Task as it is now, then read like a `PUT`. */
  @Patch(':id')
  async patch(
    @CurrentCaller() caller: Caller,
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ) {
    if (!contentType?.toLowerCase().startsWith(JSON_PATCH)) {
      throw FhirError.of(415, `PATCH takes a JSON Patch (${JSON_PATCH})`);
    }
    if (!Array.isArray(body)) throw FhirError.of(400, 'A JSON Patch is an array of operations');
    const asker = askerOf(request);
    const referralId = logicalId('Task', id);
    const current = await this.readOrNone(asker, referralId);
    // A pool referral the caller may not read yet: the patch applies to what the pool shows of it.
    const before: Task = current
      ? toTask(current)
      : { resourceType: 'Task', id: referralId, status: 'requested', intent: 'order' };
    let next: Task;
    try {
      next = applyPatch(structuredClone(before), body as Operation[], true, false).newDocument;
    } catch (error) {
      const failedTest = (error as { name?: string }).name === 'TEST_OPERATION_FAILED';
      throw FhirError.of(
        failedTest ? 409 : 422,
        `The JSON Patch cannot be applied: ${(error as Error).message.split('\n')[0]}`,
      );
    }
    if (!current) return this.claimUnseen(reply, asker, caller, referralId, next, idempotencyKey);
    return this.change(reply, asker, caller, current, next, idempotencyKey);
  }

  private async change(
    reply: FastifyReply,
    asker: Asker,
    caller: Caller,
    current: ReferralResource,
    next: Task,
    idempotencyKey: string | undefined,
  ) {
    const change = readTaskChange(current, next, caller.practitionerId);
    if (change.kind === 'refused') throw FhirError.of(change.status, change.detail);
    if (change.kind === 'unchanged') return sendResource(reply, 200, toTask(current));
    const { path, body } = actionCall(current.id, change);
    const changed = await this.api.post<ReferralResource>(asker, path, body, idempotencyKey);
    return sendResource(reply, 200, toTask(changed));
  }

  /**
   * A Task the caller cannot read: a specialist sees a pool referral only de-identified, in the pool,
   * until they claim it. Claiming (status `received`, owner the caller) is the one change they can
   * ask; the referrals service decides whether they may (404 as before when they may not know it).
   */
  private async claimUnseen(
    reply: FastifyReply,
    asker: Asker,
    caller: Caller,
    referralId: string,
    next: Task,
    idempotencyKey: string | undefined,
  ) {
    const claims =
      next.status === 'received' &&
      caller.practitionerId !== null &&
      next.owner?.reference === `Practitioner/${caller.practitionerId}`;
    if (!claims) throw FhirError.of(404, `Task/${referralId} is not known`);
    const claimed = await this.api.post<ReferralResource>(
      asker,
      `/v1/referrals/${referralId}/claim`,
      undefined,
      idempotencyKey,
    );
    return sendResource(reply, 200, toTask(claimed));
  }

  private includes(params: SearchParams): string[] {
    const given = params._include;
    const includes = given === undefined ? [] : Array.isArray(given) ? given : [given];
    const unknown = includes.filter((include) => !TASK_INCLUDES.includes(include));
    if (unknown.length > 0) {
      throw FhirError.of(
        400,
        `Unsupported _include ${unknown.join(', ')}; supported: ${TASK_INCLUDES.join(', ')}`,
      );
    }
    return includes;
  }

  private async bundle(
    reply: FastifyReply,
    referrals: ReferralResource[],
    include: string[],
    links: { self: string; next?: string },
  ) {
    // Task:focus and Task:based-on are both the referral's ServiceRequest: no further call.
    const included = include.length > 0 ? await this.referrals.serviceRequests(referrals) : [];
    return sendResource(
      reply,
      200,
      searchset(this.referrals.tasks(referrals), { base: this.env.FHIR_BASE_URL, ...links, included }),
    );
  }

  private readOrNone(asker: Asker, id: string): Promise<ReferralResource | undefined> {
    return orNone(this.referrals.read(asker, id));
  }
}
