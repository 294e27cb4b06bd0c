/**
 * Background work every instance runs on a timer (deadline checks, sending what is due): one round at
 * a time (a round still running when the timer fires is not doubled), none after `stop()`, which waits
 * for the round in progress. The timer does not keep the process alive.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private stopped = false;

  /**
   * @param round the work; resolves true to run another round at once (there is more), false to wait
   *   for the next interval
   * @param onError told of a round that failed (the next interval tries again)
   */
  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Starts the timer; an interval of 0 leaves the task off. */
  start(intervalMs: number): void {
    if (intervalMs === 0 || this.timer) return;
    this.timer = setInterval(() => this.tick(), intervalMs);
    this.timer.unref();
  }

  /** Whether `stop()` was called: a long round should end early. */
  get isStopped(): boolean {
    return this.stopped;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
  }

  private tick(): void {
    if (this.running || this.stopped) return;
    this.running = (async () => {
      while (!this.stopped && (await this.round()));
    })()
      .catch((error: Error) => this.onError(error))
      .finally(() => (this.running = undefined));
  }
}
