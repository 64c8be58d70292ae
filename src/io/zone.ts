/** The shop's time zone: converts instants to calendar days there (cached per hour: no per-row library call). */
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import { UsageError } from '../errors';
import type { ZoneDay } from './cells';

dayjs.extend(utc);
dayjs.extend(timezone);

export interface Zone extends ZoneDay {
  name: string;
  /** Today's calendar day number in this zone at the given instant. */
  dayOf(instant: Date): number;
}

/** A zone by IANA name (Asia/Shanghai, UTC, America/New_York); a usage error for an unknown name. */
export function makeZone(name: string): Zone {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
  } catch {
    throw new UsageError(`--tz: unknown time zone '${name}' (use an IANA name such as Asia/Shanghai or UTC)`);
  }
  const offsets = new Map<number, number>();
  const offsetAt = (utcMinutes: number): number => {
    const hour = Math.floor(utcMinutes / 60);
    let off = offsets.get(hour);
    if (off === undefined) {
      off = dayjs
        .utc(hour * 3600000)
        .tz(name)
        .utcOffset();
      offsets.set(hour, off);
    }
    return off;
  };
  const dayOfUtcMinutes = (m: number) => Math.floor((m + offsetAt(m)) / 1440);
  return {
    name,
    dayOfUtcMinutes,
    dayOf: (instant: Date) => dayOfUtcMinutes(Math.floor(instant.getTime() / 60000)),
  };
}
