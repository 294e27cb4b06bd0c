import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeEndpoint } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { UpstreamClient } from './upstream-client';

/** The public paths and the service that owns each. */
@Controller('v1')
export class RoutesController {
  constructor(private readonly upstream: UpstreamClient) {}

  @All(['referrals', 'referrals/*', 'queue'])
  @ApiExcludeEndpoint()
  referrals(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.upstream.forward('referrals', request, reply);
  }

  @All([
    'notifications',
    'notifications/*',
    'webhook-endpoints',
    'webhook-endpoints/*',
    'webhook-deliveries/*',
  ])
  @ApiExcludeEndpoint()
  notifications(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.upstream.forward('notifications', request, reply);
  }
}
