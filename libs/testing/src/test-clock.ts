import { Clock } from '@referral/platform-database';

/** A clock that stands still until a test sets or moves it (give it to a service as its Clock). */
export class TestClock extends Clock {
  private current: number;

  constructor(start: Date | string = new Date()) {
    super();
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  /** Puts the clock at `at`. */
  set(at: Date | string): void {
    this.current = new Date(at).getTime();
  }

  /** Moves the clock `ms` forward (or back, when negative). */
  advance(ms: number): void {
    this.current += ms;
  }
}
