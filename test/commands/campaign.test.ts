import * as fs from 'fs';
import * as path from 'path';
import { SHARED, hasShared, parseCsv, rfm, tmpDir, tmpFile } from '../helpers';

const CDNOW = path.join(SHARED, 'real', 'CDNOW_master.txt');
const itShared = hasShared ? test : test.skip;

describe('rfm campaign', () => {
  itShared('CDNOW: responders and revenue of both groups equal a count over the raw lines', async () => {
    const dir = tmpDir();
    const d = await rfm(
      ['dormant', CDNOW, '--as-of', '1997-12-31', '--holdout', '20%', '-o', 'list.csv', '-q'],
      '',
      dir,
    );
    expect(d.code).toBe(0);
    const r = await rfm(
      ['campaign', CDNOW, '--contacted', 'list.csv', '--holdout', 'list.holdout.csv', '--since', '1997-12-31'].concat([
        '--days',
        '60',
        '--format',
        'json',
        '-q',
      ]),
      '',
      dir,
    );
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    // Independent: purchases dated 19980101..19980301 (60 days after 1997-12-31), straight from the text.
    const bought = new Set<string>();
    const cents = new Map<string, number>();
    for (const line of fs.readFileSync(CDNOW, 'latin1').split('\n')) {
      const f = line.trim().split(/\s+/);
      if (f.length < 4 || !/^\d{8}$/.test(f[1]) || f[1] < '19980101' || f[1] > '19980301') continue;
      bought.add(f[0]);
      cents.set(f[0], (cents.get(f[0]) ?? 0) + Math.round(Number(f[3]) * 100));
    }
    for (const [key, file] of [
      ['contacted', 'list.csv'],
      ['holdout', 'list.holdout.csv'],
    ]) {
      const ids = parseCsv(fs.readFileSync(path.join(dir, file), 'utf8')).map((row) => row.customer_id);
      const responders = ids.filter((id) => bought.has(id)).length;
      expect(x[key].customers).toBe(ids.length);
      expect(x[key].responders).toBe(responders);
      expect(x[key].rate).toBeCloseTo(responders / ids.length, 4);
      expect(Math.round(x[key].revenue * 100)).toBe(ids.reduce((s, id) => s + (cents.get(id) ?? 0), 0));
    }
    expect(x.holdout.responders).toBeGreaterThan(20);
    const u = x.uplift;
    expect(u.difference).toBeCloseTo(x.contacted.rate - x.holdout.rate, 3);
    expect(u.low).toBeLessThanOrEqual(u.difference);
    expect(u.high).toBeGreaterThanOrEqual(u.difference);
    // No campaign was run on CDNOW: a random control group should not differ (an A/A check).
    expect(u.low).toBeLessThan(0);
    expect(u.high).toBeGreaterThan(0);
  });

  const orders = () =>
    tmpFile(
      'orders.csv',
      [
        'order_id,customer_id,order_date,amount',
        '1,a,2024-03-01,10',
        '2,b,2024-03-02,20',
        '3,=c,2024-03-03,30',
        '4,a,2024-03-05,15',
        '5,=c,2024-03-20,8',
      ].join('\n') + '\n',
    );

  test('without a holdout: the contacted group alone, and no baseline said', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'list.csv'), "customer_id,revenue\na,10\nb,20\n'=c,30\nnobody,0\n");
    const r = await rfm(
      ['campaign', orders(), '--contacted', 'list.csv', '--since', '2024-03-03', '--days', '30', '--format', 'json'],
      '',
      dir,
    );
    expect(r.code).toBe(0);
    const x = JSON.parse(r.out);
    expect(x.contacted).toMatchObject({ customers: 4, responders: 2, rate: 0.5, revenue: 23, notInExport: 1 });
    expect(x.holdout).toBeNull();
    expect(x.uplift).toBeNull();
    expect(x.note).toMatch(/no baseline/);
    const t = await rfm(
      ['campaign', orders(), '--contacted', 'list.csv', '--since', '2024-03-03', '--format', 'table'],
      '',
      dir,
    );
    expect(t.out).toMatch(/no baseline/);
    const c = parseCsv(
      (await rfm(['campaign', orders(), '--contacted', 'list.csv', '--since', '2024-03-03', '-q'], '', dir)).out,
    );
    expect(c.map((row) => row.group)).toEqual(['contacted']);
  });

  test('a customer on both lists, a list without customer_id and a bad --since are refused', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'l.csv'), 'customer_id\na\nb\n');
    fs.writeFileSync(path.join(dir, 'h.csv'), 'customer_id\nb\n');
    fs.writeFileSync(path.join(dir, 'bad.csv'), 'id\na\n');
    const run = (...a: string[]) => rfm(['campaign', orders(), ...a, '-q'], '', dir);
    const both = await run('--contacted', 'l.csv', '--holdout', 'h.csv', '--since', '2024-03-01');
    expect([both.code, both.err]).toEqual([4, expect.stringMatching(/on both --contacted and --holdout/)]);
    const bad = await run('--contacted', 'bad.csv', '--since', '2024-03-01');
    expect([bad.code, bad.err]).toEqual([3, expect.stringMatching(/no customer_id column/)]);
    const since = await run('--contacted', 'l.csv', '--since', '03/01/2024');
    expect(since.code).toBe(2);
    const same = await run('--contacted', 'l.csv', '--since', '2024-03-01', '-o', 'l.csv');
    expect(same.code).toBe(2);
  });
});
