/**
 * Background work every instance runs on a timer (deadline checks, purges, the outbox relay, webhook
 * deliveries): one round at a time (a round still running when the timer fires is not doubled), none
 * after `stop()`, which waits for the round in progress. The timer does not keep the process alive.
 *
 * `wake()` runs rounds at once instead of at the next tick (after a commit that left work, on a
 * NOTIFY). A wake during a round runs another round after it: the round in progress may have read its
 * snapshot before the work the wake is about was committed.
 */
export class PeriodicTask {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  /** A wake came during the run: run again after it. */
  private wokenWhileRunning = false;
  private stopped = false;

  /**
   * @param round the work; resolves true to run another round at once (there is more), false to wait
   *   for the next interval or wake
   * @param onError told of a round that failed (the next interval or wake tries again)
   */
  constructor(
    private readonly round: () => Promise<boolean>,
    private readonly onError: (error: Error) => void,
  ) {}

  /** Starts the timer (again, after `stop()`); an interval of 0 leaves the task off, wakes included. */
  start(intervalMs: number): void {
    if (intervalMs === 0 || this.timer) return;
    this.stopped = false;
    this.timer = setInterval(() => void this.run(), intervalMs);
    this.timer.unref();
  }

  /**
   * Runs rounds now, or once more after the run in progress; resolves when that run is over. Does
   * nothing while the task is not started or is stopped.
   */
  wake(): Promise<void> {
    if (!this.timer || this.stopped) return Promise.resolve();
    if (this.running) {
      this.wokenWhileRunning = true;
      return this.running;
    }
    return this.run();
  }

  /** Whether `stop()` was called: a long round should end early. */
  get isStopped(): boolean {
    return this.stopped;
  }

  /** Whether a round is running (or about to, after a wake). */
  get isRunning(): boolean {
    return this.running !== undefined;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }

  private run(): Promise<void> {
    if (this.stopped) return Promise.resolve();
    // A tick during a run is not a wake: the run in progress already does what the tick would.
    if (this.running) return this.running;
    this.running = this.rounds();
    return this.running;
  }

  private async rounds(): Promise<void> {
    // Yield first, so that `run()` has recorded this run before it can end.
    await undefined;
    try {
      do {
        this.wokenWhileRunning = false;
        try {
          while (!this.stopped && (await this.round()));
        } catch (error) {
          this.onError(error as Error);
        }
      } while (this.wokenWhileRunning && !this.stopped);
    } finally {
      // In the same step as the last check for wakes: a wake after it starts a new run (a `.finally`
      // on the promise would leave a microtask in which a wake is recorded and then dropped).
      this.running = undefined;
    }
  }
}
