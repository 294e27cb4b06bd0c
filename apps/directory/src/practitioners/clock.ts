import { Injectable } from '@nestjs/common';

/** The current time; a provider so that tests can pin "now" (search by availability, licence validity). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }
}
