import { NotFoundException } from '@nestjs/common';
import { ProblemException, ValidationProblem } from '@referral/platform-http';

export const endpointNotFound = (id: string) => new NotFoundException(`Webhook endpoint ${id} was not found`);

export const deliveryNotFound = (id: string) => new NotFoundException(`Webhook delivery ${id} was not found`);

export const badUrl = (message: string) => new ValidationProblem([{ field: 'url', message }]);

export const organizationRequired = () =>
  new ValidationProblem([
    { field: 'organizationId', message: 'organizationId is required: the organization the endpoint is for' },
  ]);

export const unknownOrganization = () =>
  new ValidationProblem([
    {
      field: 'organizationId',
      message: 'organizationId must be an organization registered in the directory',
    },
  ]);

export const directoryUnavailable = () =>
  ProblemException.of('directory-unavailable', {
    detail: 'The directory could not be asked whether the organization exists; try again',
  });

export const notOwnOrganization = () =>
  ProblemException.of('forbidden', {
    detail: 'A partner registers and lists webhook endpoints of its own organization only',
  });

export const endpointDisabled = (id: string) =>
  ProblemException.of('webhook-endpoint-disabled', {
    detail: `Webhook endpoint ${id} is disabled: enable it (PATCH enabled=true) first`,
  });

export const deliveryPending = (webhookId: string) =>
  ProblemException.of('webhook-delivery-pending', {
    detail: `Message ${webhookId} has an attempt to this endpoint still pending; replay it once that one is done`,
  });
