/**
 * The shop's time zone: converts instants to calendar days there. Offsets come from the zone's rules (Intl), found
 * once per stretch between two transitions, so a row costs two comparisons, whatever the zone's offsets and the
 * minute its clocks change at (Asia/Tehran at local midnight, Lord Howe by 30 minutes, Chatham at +12:45).
 */
import { UsageError } from '../errors';
import type { ZoneDay } from './cells';

export interface Zone extends ZoneDay {
  name: string;
  /** Today's calendar day number in this zone at the given instant. */
  dayOf(instant: Date): number;
}

/** A zone by IANA name (Asia/Shanghai, UTC, America/New_York); a usage error for an unknown name. */
export function makeZone(name: string): Zone {
  let clock: Intl.DateTimeFormat;
  try {
    clock = new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    throw new UsageError(`--tz: unknown time zone '${name}' (use an IANA name such as Asia/Shanghai or UTC)`);
  }
  return new ZoneRules(name, clock);
}

const DAY = 1440;
/** UTC minutes are worked out in blocks of 256 days, each probed once a day. */
const BLOCK = 256 * DAY;

/** One block's stretches of one offset: stretch i is [starts[i], starts[i + 1] or the block's end). */
interface Block {
  starts: number[];
  /** Offsets in seconds (historical ones such as +7:36:42 are not whole minutes). */
  offsets: number[];
}

class ZoneRules implements Zone {
  /** The stretch of UTC minutes [lo, hi) last looked up, and its offset in seconds. */
  private lo = 0;
  private hi = 0;
  private offset = 0;
  private readonly blocks = new Map<number, Block>();

  constructor(
    readonly name: string,
    private readonly clock: Intl.DateTimeFormat,
  ) {}

  /** Calendar day in the zone of the instant `utcMinutes` minutes after 1970-01-01T00:00Z. */
  dayOfUtcMinutes(utcMinutes: number): number {
    if (utcMinutes < this.lo || utcMinutes >= this.hi) this.seek(utcMinutes);
    return Math.floor((utcMinutes * 60 + this.offset) / 86400);
  }

  dayOf(instant: Date): number {
    return this.dayOfUtcMinutes(Math.floor(instant.getTime() / 60000));
  }

  /** Make the stretch holding minute m the current one, joined with its continuation in known neighbours. */
  private seek(m: number): void {
    const k = Math.floor(m / BLOCK);
    const { starts, offsets } = this.block(k);
    let i = starts.length - 1;
    while (starts[i] > m) i--;
    this.offset = offsets[i];
    this.lo = starts[i];
    this.hi = i + 1 < starts.length ? starts[i + 1] : (k + 1) * BLOCK;
    for (let n = k + 1; this.hi === n * BLOCK; n++) {
      const next = this.blocks.get(n);
      if (!next || next.offsets[0] !== this.offset) break;
      this.hi = next.starts.length > 1 ? next.starts[1] : (n + 1) * BLOCK;
    }
    for (let p = k - 1; this.lo === (p + 1) * BLOCK; p--) {
      const prev = this.blocks.get(p);
      if (!prev || prev.offsets[prev.offsets.length - 1] !== this.offset) break;
      this.lo = prev.starts[prev.starts.length - 1];
    }
  }

  /**
   * Block k's transitions: the offset probed at the start of each day, each change narrowed to its minute by
   * bisection. A day holds at most one change that a probe can miss by the offset coming back the same day:
   * the closest transitions of tzdb since 1900 are 4 days apart (Africa/Freetown 1939), the next 7.
   */
  private block(k: number): Block {
    let blk = this.blocks.get(k);
    if (blk) return blk;
    const start = k * BLOCK;
    let a = start;
    let offA = this.offsetAt(a);
    blk = { starts: [a], offsets: [offA] };
    for (let j = 1; j <= BLOCK / DAY; j++) {
      const p = j < BLOCK / DAY ? start + j * DAY : start + BLOCK - 1;
      const offP = this.offsetAt(p);
      while (offP !== offA) {
        let lo = a; // the offset at lo is offA, at hi another one
        let hi = p;
        while (hi - lo > 1) {
          const mid = Math.floor((lo + hi) / 2);
          if (this.offsetAt(mid) === offA) lo = mid;
          else hi = mid;
        }
        a = hi;
        offA = this.offsetAt(hi);
        blk.starts.push(hi);
        blk.offsets.push(offA);
      }
      a = p;
    }
    this.blocks.set(k, blk);
    return blk;
  }

  /** The zone's offset from UTC in seconds at UTC minute m: its wall clock then, less the instant. */
  private offsetAt(m: number): number {
    const ms = m * 60000;
    let y = 0,
      mo = 0,
      d = 0,
      h = 0,
      mi = 0,
      s = 0;
    for (const part of this.clock.formatToParts(ms)) {
      const v = Number(part.value);
      if (part.type === 'year') y = v;
      else if (part.type === 'month') mo = v;
      else if (part.type === 'day') d = v;
      else if (part.type === 'hour') h = v;
      else if (part.type === 'minute') mi = v;
      else if (part.type === 'second') s = v;
    }
    const wall = new Date(0);
    wall.setUTCFullYear(y, mo - 1, d); // not Date.UTC: it reads years 0-99 as 1900-1999
    wall.setUTCHours(h, mi, s);
    return (wall.getTime() - ms) / 1000;
  }
}
