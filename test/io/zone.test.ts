import { daysFromCivil, formatDay } from '../../src/io/cells';
import { makeZone } from '../../src/io/zone';

const MINUTE = 60000;

/** The oracle: an instant's calendar day in a zone, by Intl on that very instant. */
function intlDay(fmt: Intl.DateTimeFormat, ms: number): number {
  const [y, m, d] = fmt.format(ms).split('-').map(Number);
  return daysFromCivil(y, m, d);
}

/** UTC minutes at which the zone's offset (Intl's `longOffset` name) changes during the year, to the minute. */
function offsetChanges(timeZone: string, year: number): number[] {
  const name = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
  const offsetName = (min: number) => name.formatToParts(min * MINUTE).find((p) => p.type === 'timeZoneName')!.value;
  const changes: number[] = [];
  const end = Date.UTC(year + 1, 0, 1) / MINUTE;
  for (let t = Date.UTC(year, 0, 1) / MINUTE; t < end; t += 60) {
    if (offsetName(t) === offsetName(t + 60)) continue;
    let m = t + 1;
    while (offsetName(m) === offsetName(t)) m++;
    changes.push(m);
  }
  return changes;
}

/** Every minute within 3 hours of each change, and one every 127 minutes through the year, in a shuffled order. */
function instants(year: number, changes: number[]): number[] {
  const out: number[] = [];
  for (const c of changes) for (let m = c - 180; m <= c + 180; m++) out.push(m);
  const end = Date.UTC(year + 1, 0, 1) / MINUTE;
  for (let m = Date.UTC(year, 0, 1) / MINUTE; m < end; m += 127) out.push(m);
  let seed = 7;
  for (let i = out.length - 1; i > 0; i--) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    const j = seed % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('makeZone', () => {
  test.each([
    ['Asia/Tehran', 2021, 2],
    ['Asia/Tehran', 2022, 2],
    ['America/New_York', 2024, 2],
    ['Europe/London', 2024, 2],
    ['Australia/Lord_Howe', 2024, 2],
    ['Pacific/Chatham', 2024, 2],
    ['Asia/Kathmandu', 1985, 1], // +5:30 to +5:45 at its midnight of 1986-01-01: 1985-12-31T18:30Z
    ['Asia/Kathmandu', 2024, 0],
  ])('%s %i (%i offset changes): the day of every instant around them agrees with Intl', (zone, year, count) => {
    const changes = offsetChanges(zone, year);
    expect(changes).toHaveLength(count);
    const fmt = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const shuffled = instants(year, changes);
    const sorted = [...shuffled].sort((a, b) => a - b);
    for (const order of [shuffled, sorted]) {
      const z = makeZone(zone);
      const wrong = order
        .filter((m) => z.dayOfUtcMinutes(m) !== intlDay(fmt, m * MINUTE))
        .map((m) => `${new Date(m * MINUTE).toISOString()}: ${formatDay(z.dayOfUtcMinutes(m))}`);
      expect(wrong.slice(0, 5)).toEqual([]);
    }
    expect(shuffled.length).toBeGreaterThan(2800);
  });

  test('Asia/Tehran: 2021-09-21T19:40Z is 23:10 on the 21st there, 30 minutes into its winter time', () => {
    const z = makeZone('Asia/Tehran');
    expect(formatDay(z.dayOf(new Date('2021-09-21T19:40:00Z')))).toBe('2021-09-21');
    expect(formatDay(z.dayOf(new Date('2021-09-21T20:29:00Z')))).toBe('2021-09-21');
    expect(formatDay(z.dayOf(new Date('2021-09-21T20:30:00Z')))).toBe('2021-09-22');
  });

  test('asks Intl about once per day of the blocks it reads, not per row', () => {
    const spy = jest.spyOn(Intl.DateTimeFormat.prototype, 'formatToParts');
    try {
      const z = makeZone('America/New_York');
      const start = Date.UTC(2024, 0, 1) / MINUTE;
      for (let m = start; m < start + 366 * 1440; m += 3) z.dayOfUtcMinutes(m);
      expect(spy.mock.calls.length).toBeLessThan(2 * 300);
    } finally {
      spy.mockRestore();
    }
  });

  test('an unknown name is a usage error', () => {
    expect(() => makeZone('Mars/Olympus')).toThrow(/unknown time zone 'Mars\/Olympus'/);
  });
});
