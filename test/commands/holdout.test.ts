import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { SHARED, hasShared, parseCsv, rfm, tmpDir, tmpFile } from '../helpers';

const CDNOW = path.join(SHARED, 'real', 'CDNOW_master.txt');
const itShared = hasShared ? test : test.skip;

const ids = (file: string) => parseCsv(fs.readFileSync(file, 'utf8')).map((r) => r.customer_id);
/** The documented rule, recomputed here: first 8 hex digits of SHA-256 of `seed:id` ÷ 2^32 < share. */
const held = (id: string, seed: string, share: number) =>
  parseInt(createHash('sha256').update(`${seed}:${id}`).digest('hex').slice(0, 8), 16) / 2 ** 32 < share;

describe('--holdout', () => {
  itShared('CDNOW dormant --holdout 20%: disjoint, together the whole sleeping list, 17–23%, same twice', async () => {
    const dir = tmpDir();
    const base = ['dormant', CDNOW, '--as-of', '1997-12-31', '-q'];
    expect((await rfm([...base, '-o', 'all.csv'], '', dir)).code).toBe(0);
    expect((await rfm([...base, '--holdout', '20%', '-o', 'list.csv'], '', dir)).code).toBe(0);
    const all = ids(path.join(dir, 'all.csv'));
    const list = ids(path.join(dir, 'list.csv'));
    const hold = ids(path.join(dir, 'list.holdout.csv'));
    expect(all.length).toBeGreaterThan(1000);
    expect(new Set([...list, ...hold]).size).toBe(list.length + hold.length);
    expect([...list, ...hold].sort()).toEqual([...all].sort());
    const share = hold.length / all.length;
    expect(share).toBeGreaterThanOrEqual(0.17);
    expect(share).toBeLessThanOrEqual(0.23);
    // Both keep the ranking of the whole list.
    expect(list).toEqual(all.filter((id) => list.includes(id)));
    for (const id of all) expect(hold.includes(id)).toBe(held(id, 'rfm', 0.2));
    const first = [fs.readFileSync(path.join(dir, 'list.csv')), fs.readFileSync(path.join(dir, 'list.holdout.csv'))];
    expect((await rfm([...base, '--holdout', '20%', '-o', 'list.csv'], '', dir)).code).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'list.csv')).equals(first[0])).toBe(true);
    expect(fs.readFileSync(path.join(dir, 'list.holdout.csv')).equals(first[1])).toBe(true);
  });

  itShared('a customer on next week’s list keeps their group; another seed draws another group', async () => {
    const dir = tmpDir();
    const run = (asOf: string, out: string, seed = 'spring') =>
      rfm(['dormant', CDNOW, '--as-of', asOf, '--holdout', '10%', '--seed', seed, '-o', out, '-q'], '', dir);
    expect((await run('1997-12-31', 'w1.csv')).code).toBe(0);
    expect((await run('1998-01-07', 'w2.csv')).code).toBe(0);
    expect((await run('1998-01-07', 'other.csv', 'summer')).code).toBe(0);
    const h1 = new Set(ids(path.join(dir, 'w1.holdout.csv')));
    const all1 = new Set([...ids(path.join(dir, 'w1.csv')), ...h1]);
    const h2 = new Set(ids(path.join(dir, 'w2.holdout.csv')));
    const all2 = [...ids(path.join(dir, 'w2.csv')), ...h2];
    const both = all2.filter((id) => all1.has(id));
    expect(both.length).toBeGreaterThan(500);
    for (const id of both) expect(h2.has(id)).toBe(h1.has(id));
    const other = new Set(ids(path.join(dir, 'other.holdout.csv')));
    expect([...other].sort()).not.toEqual([...h2].sort());
  });

  test('crowd and segment --split write the control group beside each list; a run without it removes them', async () => {
    const rows = ['order_id,customer_id,order_date,amount'];
    for (let i = 0; i < 400; i++) rows.push(`${i},cust${i % 200},2024-0${1 + (i % 6)}-1${i % 10},${10 + (i % 37)}`);
    const f = tmpFile('orders.csv', rows.join('\n') + '\n');
    const dir = tmpDir();
    expect((await rfm(['crowd', f, '--tag', 'repeat', '--holdout', '25%', '-o', 'c.csv', '-q'], '', dir)).code).toBe(0);
    const all = parseCsv((await rfm(['crowd', f, '--tag', 'repeat', '-q'])).out).map((r) => r.customer_id);
    const c = ids(path.join(dir, 'c.csv'));
    const h = ids(path.join(dir, 'c.holdout.csv'));
    expect([...c, ...h].sort()).toEqual([...all].sort());
    for (const id of all) expect(h.includes(id)).toBe(held(id, 'rfm', 0.25));

    expect((await rfm(['segment', f, '--split', 'segs', '--holdout', '25%', '-q'], '', dir)).code).toBe(0);
    const index = parseCsv(fs.readFileSync(path.join(dir, 'segs', 'index.csv'), 'utf8'));
    for (const x of index) {
      const a = ids(path.join(dir, 'segs', x.file));
      const b = ids(path.join(dir, 'segs', x.holdout_file));
      expect(x.holdout_file).toBe(x.file.replace(/\.csv$/, '.holdout.csv'));
      expect(a.length + b.length).toBe(Number(x.customers));
      expect([Number(x.contact), Number(x.holdout)]).toEqual([a.length, b.length]);
      for (const id of b) expect(held(id, 'rfm', 0.25)).toBe(true);
      for (const id of a) expect(held(id, 'rfm', 0.25)).toBe(false);
    }
    expect((await rfm(['segment', f, '--split', 'segs', '-q'], '', dir)).code).toBe(0);
    expect(fs.readdirSync(path.join(dir, 'segs')).filter((n) => n.includes('.holdout.'))).toEqual([]);
  });

  test.each([
    [['dormant', '--holdout', '20%'], /give -o FILE/],
    [['dormant', '--holdout', '0%', '-o', 'x.csv'], /above 0% and below 100%/],
    [['dormant', '--holdout', '100', '-o', 'x.csv'], /above 0% and below 100%/],
    [['crowd', '--tag', 'repeat', '--holdout', 'ten', '-o', 'x.csv'], /like 10%/],
    [['crowd', '--tag', 'repeat', '--seed', 'x', '-o', 'x.csv'], /--seed goes with --holdout/],
    [['segment', '--holdout', '10%', '-o', 'x.csv'], /--split DIR/],
  ])('%j is a usage error', async (args, msg) => {
    const f = tmpFile('o.csv', 'customer_id,order_date,amount\na,2024-01-01,5\n');
    const dir = tmpDir();
    const r = await rfm([args[0], f, ...args.slice(1)], '', dir);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(msg);
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
