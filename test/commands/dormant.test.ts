import * as fs from 'fs';
import * as path from 'path';
import { SHARED, hasShared, parseCsv, rfm, tmpFile } from '../helpers';

const CDNOW = path.join(SHARED, 'real', 'CDNOW_master.txt');
const itShared = hasShared ? test : test.skip;

function orders(rows: [string, string, number][]): string {
  return tmpFile('orders.csv', ['customer_id,order_date,amount', ...rows.map((r) => r.join(','))].join('\n') + '\n');
}

const daysBefore = (asOf: string, n: number) => new Date(Date.parse(asOf) - n * 86400000).toISOString().slice(0, 10);

describe('rfm dormant', () => {
  itShared('CDNOW as of 1998-06-30: the sleeping count equals an independent count over the raw lines', async () => {
    // Independent: last date per customer straight from the text (YYYYMMDD in the 2nd field), day
    // differences through Date.UTC, no use of rfm's reader.
    const last = new Map<string, number>();
    for (const line of fs.readFileSync(CDNOW, 'latin1').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || !/^\d{8}$/.test(f[1])) continue; // the header line
      const t = Date.UTC(Number(f[1].slice(0, 4)), Number(f[1].slice(4, 6)) - 1, Number(f[1].slice(6, 8)));
      if (t > Date.UTC(1998, 5, 30)) continue;
      if (!last.has(f[0]) || last.get(f[0])! < t) last.set(f[0], t);
    }
    let expected = 0;
    for (const t of last.values()) {
      const d = (Date.UTC(1998, 5, 30) - t) / 86400000;
      if (d >= 90 && d <= 180) expected++;
    }
    expect(expected).toBeGreaterThan(1000);
    const { code, out } = await rfm(['dormant', CDNOW, '--as-of', '1998-06-30', '--format', 'json', '-q']);
    expect(code).toBe(0);
    const x = JSON.parse(out);
    expect(x.sleeping).toBe(expected);
    expect(x.rows.length).toBe(expected);
    // Ranked by value at stake: revenue descending.
    const rev = x.rows.map((r: { revenue: number }) => r.revenue);
    expect(rev).toEqual([...rev].sort((a: number, b: number) => b - a));
  });

  itShared('the weekly numbers for week W are what rfm dormant --as-of W reports on its own', async () => {
    const x = JSON.parse(
      (await rfm(['dormant', CDNOW, '--as-of', '1998-06-30', '--weeks', '4', '--format', 'json', '-q'])).out,
    );
    expect(x.weeks.map((w: { asOf: string }) => w.asOf)).toEqual([
      '1998-06-09',
      '1998-06-16',
      '1998-06-23',
      '1998-06-30',
    ]);
    const lists = new Map<string, { sleeping: Set<string>; lost: Set<string>; base: number; count: number }>();
    for (const w of ['1998-06-02', ...x.weeks.map((w: { asOf: string }) => w.asOf)]) {
      const y = JSON.parse(
        (await rfm(['dormant', CDNOW, '--as-of', w, '--include-lost', '--format', 'json', '-q'])).out,
      );
      const ids = (s: string) =>
        new Set<string>(
          y.rows.filter((r: { status: string }) => r.status === s).map((r: { customer_id: string }) => r.customer_id),
        );
      lists.set(w, { sleeping: ids('sleeping'), lost: ids('lost'), base: y.base, count: y.sleeping });
    }
    let prev = lists.get('1998-06-02')!;
    for (const w of x.weeks) {
      const now = lists.get(w.asOf)!;
      expect([w.asOf, w.sleeping, w.base]).toEqual([w.asOf, now.count, now.base]);
      const newly = [...now.sleeping].filter((id) => !prev.sleeping.has(id)).length;
      const newlyLost = [...prev.sleeping].filter((id) => now.lost.has(id)).length;
      const woken = [...prev.sleeping].filter((id) => !now.sleeping.has(id) && !now.lost.has(id)).length;
      expect([w.asOf, w.newlySleeping, w.newlyLost, w.wokenUp]).toEqual([w.asOf, newly, newlyLost, woken]);
      prev = now;
    }
  });

  test('boundaries: 90 and 180 days ago is sleeping, 89 and 181 are not; --days narrows; --include-lost', async () => {
    const asOf = '2024-07-01';
    const file = orders([
      ['d089', daysBefore(asOf, 89), 10],
      ['d090', daysBefore(asOf, 90), 20],
      ['d120', daysBefore(asOf, 120), 30],
      ['d180', daysBefore(asOf, 180), 40],
      ['d181', daysBefore(asOf, 181), 50],
      ['now', asOf, 5],
    ]);
    const ids = async (...extra: string[]) =>
      parseCsv((await rfm(['dormant', file, '--as-of', asOf, '-q', ...extra])).out).map(
        (r) => `${r.customer_id}:${r.status}`,
      );
    expect(await ids()).toEqual(['d180:sleeping', 'd120:sleeping', 'd090:sleeping']);
    expect(await ids('--days', '120')).toEqual(['d180:sleeping', 'd120:sleeping']);
    expect(await ids('--include-lost')).toEqual(['d181:lost', 'd180:sleeping', 'd120:sleeping', 'd090:sleeping']);
    const bad = await rfm(['dormant', file, '--days', '180', '--max-days', '180']);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--days 180 must be below --max-days 180: pass e\.g\. --days 150, or --max-days 270/);
  });

  test('ranking ties: revenue, then more purchases, then id; rhythm and --overdue', async () => {
    const asOf = '2024-07-01';
    const file = orders([
      ['b', daysBefore(asOf, 100), 50],
      ['b', daysBefore(asOf, 130), 50],
      ['a', daysBefore(asOf, 100), 100],
      ['c', daysBefore(asOf, 100), 100],
      // every 10 days, then silent for 25: 2.5× past its rhythm, too young to be sleeping
      ['r', daysBefore(asOf, 55), 10],
      ['r', daysBefore(asOf, 45), 10],
      ['r', daysBefore(asOf, 35), 10],
      ['r', daysBefore(asOf, 25), 10],
    ]);
    const rows = parseCsv((await rfm(['dormant', file, '--as-of', asOf, '-q', '--overdue', '2'])).out);
    expect(rows.map((r) => [r.customer_id, r.status, r.median_gap_days, r.overdue])).toEqual([
      ['b', 'sleeping', '30', '3.33'],
      ['a', 'sleeping', '', ''],
      ['c', 'sleeping', '', ''],
      ['r', 'overdue', '10', '2.5'],
    ]);
    const plain = parseCsv((await rfm(['dormant', file, '--as-of', asOf, '-q'])).out);
    expect(plain.map((r) => r.customer_id)).toEqual(['b', 'a', 'c']);
  });

  test('terminal summary: count, share, revenue at stake, trend with sparkline', async () => {
    const asOf = '2024-07-01';
    const file = orders([
      ['x', daysBefore(asOf, 100), 10],
      ['y', daysBefore(asOf, 10), 10],
      ['z', daysBefore(asOf, 95), 7],
    ]);
    const { code, out } = await rfm(['dormant', file, '--as-of', asOf, '--format', 'table', '-q']);
    expect(code).toBe(0);
    // Lines are fitted to 80 columns: compare the text as one line.
    expect(out.replace(/\s*\n\s*/g, ' ')).toMatch(
      /2 sleeping customers, 66\.7% of the 3 who bought in the last 180 days · revenue at stake 17\.00/,
    );
    expect(out).toMatch(/weekly trend [▁▂▃▄▅▆▇█]{8}/);
  });
});
