import * as fs from 'fs';
import * as path from 'path';
import { SHARED, hasShared, parseCsv, rfm, tmpDir, tmpFile } from '../helpers';

const CDNOW = path.join(SHARED, 'real', 'CDNOW_master.txt');
const itShared = hasShared ? test : test.skip;

function orders(rows: string[][]): string {
  return tmpFile(
    'orders.csv',
    ['order_id,customer_id,order_date,amount', ...rows.map((r) => r.join(','))].join('\n') + '\n',
  );
}

describe('rfm cohort', () => {
  itShared('CDNOW by month: cohort sizes, active customers and revenue equal a count over the raw lines', async () => {
    // Independent: fields split on blanks, months taken from the YYYYMMDD text, money in cents.
    const first = new Map<string, string>();
    const lines: [string, string, number][] = [];
    for (const line of fs.readFileSync(CDNOW, 'latin1').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || !/^\d{8}$/.test(f[1])) continue; // the header line
      const month = `${f[1].slice(0, 4)}-${f[1].slice(4, 6)}`;
      lines.push([f[0], month, Math.round(Number(f[3]) * 100)]);
      if (!first.has(f[0]) || first.get(f[0])! > month) first.set(f[0], month);
    }
    const monthNo = (m: string) => Number(m.slice(0, 4)) * 12 + Number(m.slice(5, 7)) - 1;
    const size = new Map<string, number>();
    for (const m of first.values()) size.set(m, (size.get(m) ?? 0) + 1);
    const active = new Map<string, Set<string>>();
    const cents = new Map<string, number>();
    for (const [id, month, c] of lines) {
      const key = `${first.get(id)}|${monthNo(month) - monthNo(first.get(id)!)}`;
      if (!active.has(key)) active.set(key, new Set());
      active.get(key)!.add(id);
      cents.set(key, (cents.get(key) ?? 0) + c);
    }
    expect([...size.keys()].sort()).toEqual(['1997-01', '1997-02', '1997-03']);

    const r = await rfm(['cohort', CDNOW, '--by', 'month', '--format', 'csv', '-q']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.out);
    // Three cohorts, each followed from its month to 1998-06 (the latest purchase).
    expect(rows.length).toBe(18 + 17 + 16);
    for (const x of rows) {
      const key = `${x.cohort}|${x.period}`;
      expect(Number(x.customers)).toBe(size.get(x.cohort));
      expect(Number(x.active)).toBe(active.get(key)?.size ?? 0);
      expect(Math.round(Number(x.revenue) * 100)).toBe(cents.get(key) ?? 0);
      expect(Number(x.retention)).toBeCloseTo(Number(x.active) / Number(x.customers), 4);
    }
  });

  itShared(
    'the report carries the same cohorts (JSON, HTML heat map) and summary-equal repurchase figures',
    async () => {
      // Independent: months straight from the YYYYMMDD text.
      const months = new Map<string, Set<number>>();
      for (const line of fs.readFileSync(CDNOW, 'latin1').split('\n')) {
        const f = line.trim().split(/\s+/);
        if (f.length < 4 || !/^\d{8}$/.test(f[1]) || f[1] > '19970930') continue;
        const m = Number(f[1].slice(0, 4)) * 12 + Number(f[1].slice(4, 6)) - 1;
        if (!months.has(f[0])) months.set(f[0], new Set());
        months.get(f[0])!.add(m);
      }
      const dir = tmpDir();
      const args = ['report', CDNOW, '--as-of', '1997-09-30', '--window', '6m', '-q'];
      expect((await rfm([...args, '--json', 'r.json', '--html', 'r.html'], '', dir)).code).toBe(0);
      const w = JSON.parse(fs.readFileSync(path.join(dir, 'r.json'), 'utf8'));
      expect(w.cohorts.map((c: { cohort: string }) => c.cohort)).toEqual(['1997-03', '1997-02', '1997-01']);
      for (const c of w.cohorts) {
        const m0 = Number(c.cohort.slice(0, 4)) * 12 + Number(c.cohort.slice(5, 7)) - 1;
        const members = [...months.values()].filter((s) => Math.min(...s) === m0);
        expect(c.customers).toBe(members.length);
        c.activeShare.forEach((v: number, k: number) =>
          expect(v).toBeCloseTo(members.filter((s) => s.has(m0 + k + 1)).length / members.length, 4),
        );
      }
      const html = fs.readFileSync(path.join(dir, 'r.html'), 'utf8');
      expect(html).toContain('data-chart="cohorts"');
      const s = JSON.parse(
        (await rfm(['summary', CDNOW, '--as-of', '1997-09-30', '--window', '6m', '--format', 'json', '-q'])).out,
      );
      const pick = (fs: { key: string; value: number | null }[]) => fs.map((f) => [f.key, f.value]);
      expect(pick(w.repurchase.figures)).toEqual(
        pick(s.repurchase.figures).filter(([k]) => !/_q[13]$/.test(String(k))),
      );
      expect(w.repurchase.window).toEqual(s.repurchase.window);
    },
  );

  test('weeks run Monday to Sunday; a later period with no purchase is a row of zeros; a return subtracts', async () => {
    // 2024-01-07 is a Sunday, 2024-01-08 a Monday.
    const f = orders([
      ['1', 'a', '2024-01-07', '10'],
      ['2', 'b', '2024-01-08', '20'],
      ['3', 'a', '2024-01-08', '5'],
      ['4', 'a', '2024-01-22', '7'],
      ['5', 'b', '2024-01-23', '-4'],
    ]);
    const r = await rfm(['cohort', f, '--by', 'week', '--format', 'csv', '-q']);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.out).map((x) => [x.cohort, x.period, x.customers, x.active, x.orders, x.revenue].join(' '));
    expect(rows).toEqual([
      '2024-01-01 0 1 1 1 10.00',
      '2024-01-01 1 1 1 1 5.00',
      '2024-01-01 2 1 0 0 0.00',
      '2024-01-01 3 1 1 1 7.00',
      '2024-01-08 0 1 1 1 20.00',
      '2024-01-08 1 1 0 0 0.00',
      '2024-01-08 2 1 0 0 -4.00',
    ]);
  });

  test('the terminal triangle fits 80 columns, most recent cohort first, running periods marked', async () => {
    const rows: string[][] = [];
    let n = 0;
    for (let m = 1; m <= 12; m++)
      for (let c = 0; c < 3; c++) {
        const id = `c${m}-${c}`;
        for (let k = m; k <= 12; k += 1 + c)
          rows.push([String(++n), id, `2023-${String(k).padStart(2, '0')}-15`, String(1000 + k)]);
      }
    const f = orders(rows);
    for (const metric of ['active', 'revenue', 'orders']) {
      const r = await rfm(['cohort', f, '--format', 'table', '--metric', metric, '--as-of', '2023-12-20', '-q']);
      expect(r.code).toBe(0);
      const lines = r.out.trimEnd().split('\n');
      for (const l of lines) expect([...l].length).toBeLessThanOrEqual(80);
      const cohorts = lines.filter((l) => /^2023-\d\d /.test(l)).map((l) => l.slice(0, 7));
      expect(cohorts).toEqual([...cohorts].sort().reverse());
      expect(cohorts.length).toBe(12);
      expect(lines.find((l) => l.startsWith('2023-12'))).toMatch(/\*$/);
    }
  });
});
