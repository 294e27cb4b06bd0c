import type { DataSource, EntityManager, EntitySubscriberInterface } from 'typeorm';

/**
 * Marks `manager`'s transaction under `key`, for an AfterCommitListener of the same key. Returns false
 * (and marks nothing) when `manager` is not in a transaction.
 */
export function markForCommit(manager: EntityManager, key: string): boolean {
  if (!manager.queryRunner?.isTransactionActive) return false;
  manager.queryRunner.data[key] = true;
  return true;
}

/**
 * Calls `onCommit` after the outermost commit of every transaction marked with `markForCommit` under
 * its key, on its DataSource (a TypeORM subscriber, attached while started). A savepoint's release
 * also fires `afterTransactionCommit`: only the outermost commit makes the writes visible, so only it
 * counts. A rollback of the outermost transaction drops the mark.
 */
export class AfterCommitListener {
  private readonly subscriber: EntitySubscriberInterface = {
    afterTransactionCommit: ({ queryRunner }) => {
      if (queryRunner.isTransactionActive || !queryRunner.data[this.key]) return;
      delete queryRunner.data[this.key];
      this.onCommit();
    },
    afterTransactionRollback: ({ queryRunner }) => {
      if (!queryRunner.isTransactionActive) delete queryRunner.data[this.key];
    },
  };

  constructor(
    private readonly dataSource: DataSource,
    private readonly key: string,
    private readonly onCommit: () => void,
  ) {}

  start(): void {
    if (!this.dataSource.subscribers.includes(this.subscriber))
      this.dataSource.subscribers.push(this.subscriber);
  }

  stop(): void {
    const index = this.dataSource.subscribers.indexOf(this.subscriber);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
  }
}
