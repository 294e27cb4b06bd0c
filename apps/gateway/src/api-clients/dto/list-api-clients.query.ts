import { PageCursor, PageLimit } from '@referral/contracts';

export class ListApiClientsQuery {
  @PageLimit()
  limit?: number;

  @PageCursor()
  cursor?: string;
}
