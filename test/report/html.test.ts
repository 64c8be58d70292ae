/**
 * The HTML report's charts on a tiny shop: whole-number axis ticks, a concentration curve that never dips below
 * the diagonal, labelled movement axes. Values are checked against the SVG the page carries.
 */
import * as fs from 'fs';
import { countTicks } from '../../src/report/html';
import { rfm, tmpFile } from '../helpers';

test.each([
  [4, [0, 1, 2, 3, 4]],
  [4.6, [0, 2, 4, 6]],
  [0, [0, 1]],
  [1, [0, 1]],
  [37, [0, 10, 20, 30, 40]],
  [1150, [0, 500, 1000, 1500]],
])('countTicks(%p) = %p', (max, ticks) => expect(countTicks(max)).toEqual(ticks));

describe('a four-customer shop', () => {
  const csv =
    'order_id,customer,date,amount\n' +
    '1,a,2024-01-05,100\n2,b,2024-01-06,50\n3,c,2024-02-07,30\n4,d,2024-02-08,20\n5,a,2024-05-01,10\n';
  let html = '';
  beforeAll(async () => {
    const out = tmpFile('tiny.html', '');
    const r = await rfm(['report', tmpFile('tiny.csv', csv), '--html', out, '--as-of', '2024-06-01', '-q']);
    expect(r.code).toBe(0);
    html = fs.readFileSync(out, 'utf8');
  });
  const chart = (name: string) => new RegExp(`<svg data-chart="${name}"[\\s\\S]*?</svg>`).exec(html)![0];

  test('the sleeping trend counts on whole, distinct ticks', () => {
    const labels = [...chart('sleeping-trend').matchAll(/<text[^>]*text-anchor="end" font-size="11"[^>]*>([^<]*)</g)]
      .map((m) => m[1])
      .filter((s) => /^\d+$/.test(s));
    expect(labels.length).toBeGreaterThanOrEqual(2);
    expect(new Set(labels).size).toBe(labels.length);
    expect(labels[0]).toBe('0');
  });

  test('the concentration curve stays on or above the diagonal', () => {
    const svg = chart('pareto');
    const pts = /<polyline class="line" points="([^"]+)"/
      .exec(svg)![1]
      .split(' ')
      .map((p) => p.split(',').map(Number));
    // Screen y grows downwards: above the diagonal from (x0, y0) to (x1, y1) means y ≤ the diagonal's y.
    const [x0, y0] = pts[0];
    const [x1, y1] = pts[pts.length - 1];
    for (const [x, y] of pts) expect(y).toBeLessThanOrEqual(y0 + ((x - x0) / (x1 - x0)) * (y1 - y0) + 0.11);
  });

  test("the movement matrix says which axis is last week's", () => {
    expect(chart('movement')).toMatch(/last week ↓/);
    expect(chart('movement')).toMatch(/this week →/);
  });
});
