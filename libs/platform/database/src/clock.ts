/**
 * Where "now" comes from, wherever it decides something (deadlines, licence valid today, availability,
 * quiet hours, retention, expiry, scheduling): an injectable, so that tests move time instead of
 * waiting. The platform module provides the system clock to every service; tests may give a service
 * their own (libs/testing's TestClock). Logs' timestamps and measured durations read the system time.
 */
export abstract class Clock {
  abstract now(): Date;
}

/** The machine's time. */
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
