/** Detection: the date-order vote (a field above 12 decides; 12 decides nothing), and columns that are not what their name says. */
import { decideDateOrder } from '../../src/io/detect';
import { rfm, tmpFile } from '../helpers';

describe('decideDateOrder', () => {
  test('a first field above 12 (and none second) means day first', () => {
    expect(decideDateOrder(['13/05/2024', '01/02/2024'])).toEqual({ order: 'dmy', source: 'day > 12 seen first' });
  });
  test('a second field above 12 means month first', () => {
    expect(decideDateOrder(['05/13/2024', '01/02/2024']).order).toBe('mdy');
    expect(decideDateOrder(['05/13/2024']).source).toBe('day > 12 seen second');
  });
  test('a leading 12 is a month as well as a day: no vote, month first assumed and said so', () => {
    const d = decideDateOrder(['12/05/2024', '12/06/2024', '12/12/2024']);
    expect(d.order).toBe('mdy');
    expect(d.source).toMatch(/ambiguous/);
  });
  test('a second field of 12 casts no vote either', () => {
    expect(decideDateOrder(['05/12/2024', '13/12/2024'])).toEqual({ order: 'dmy', source: 'day > 12 seen first' });
  });
  test('year-first dates need no vote', () => {
    expect(decideDateOrder(['2024-12-13']).order).toBe('ymd');
  });
});

describe('a day-first export whose first rows cannot tell', () => {
  // 250 rows on days 1–12 of each month, then days 13–28: the first 200 rows vote for nothing.
  const rows = ['customer,date,amount'];
  for (let i = 0; i < 250; i++) rows.push(`c${i % 40},${String(1 + (i % 12)).padStart(2, '0')}/01/2024,10`);
  for (let i = 0; i < 250; i++) rows.push(`c${i % 40},${String(13 + (i % 16)).padStart(2, '0')}/02/2024,10`);
  const text = rows.join('\n') + '\n';

  test('a file is read again day first, and says so', async () => {
    const file = tmpFile('dmy.csv', text);
    const r = JSON.parse((await rfm(['inspect', file, '--format', 'json'])).out);
    expect(r.dates.order).toBe('dmy');
    expect(r.dates.decidedBy).toMatch(/^day first: 250 dates unreadable month first/);
    expect(r.purchases).toBe(500);
    expect(r.lastPurchase).toBe('2024-02-28');
  });

  test('stdin cannot be read again: the bad dates are reported with the flag that fixes them', async () => {
    const r = await rfm(['summary', '-', '--format', 'json'], text);
    expect(r.err).toMatch(/250 rows have dates unreadable month first; if the export is day first: --date-format dmy/);
  });
});

describe('a status column that is no status', () => {
  const states = ['Kentucky', 'California', 'Florida', 'Texas', 'Ohio', 'Utah', 'Iowa', 'Maine'];
  const more = ['Idaho', 'Nevada', 'Oregon', 'Alaska', 'Hawaii', 'Vermont'];
  test('a State column with many values, none a status, is not read as the order status', async () => {
    let csv = 'order,customer,date,amount,state\n';
    [...states, ...more].forEach((st, i) => (csv += `${i},c${i},2024-01-02,10,${st}\n`));
    const f = tmpFile('states.csv', csv);
    const seg = await rfm(['summary', f, '--format', 'json']);
    expect(seg.code).toBe(0);
    expect(seg.err).not.toMatch(/status values rfm does not know/);
    expect(JSON.parse(seg.out).customers).toBe(14);
    expect((await rfm(['inspect', f])).out).toMatch(/note\s+column state not read as the order status/);
  });
  test('a few unknown values stay a status column, and the warning asks about them', async () => {
    let csv = 'order,customer,date,amount,status\n';
    for (let i = 0; i < 10; i++) csv += `${i},c${i},2024-01-02,10,${i % 2 ? 'Abgeschlossen' : 'Storniert'}\n`;
    const r = await rfm(['summary', tmpFile('de.csv', csv), '--format', 'json']);
    expect(r.err).toMatch(/status values rfm does not know carry 100\.0%/);
  });
});

describe("the store's own day", () => {
  const csv =
    'Name,Email,Financial Status,Created at,Total\n' +
    '#1001,a@x.com,paid,2022-08-13 23:09:54 -0700,10.00\n' +
    '#1002,b@x.com,paid,2022-08-14 08:00:00 -0700,20.00\n' +
    '#1003,a@x.com,paid,2022-11-06 23:30:00 -0800,5.00\n';
  const firstDays = async (args: string[] = []) => {
    const r = await rfm(['profiles', tmpFile('shopify.csv', csv), '--format', 'csv', '-q', ...args]);
    return r.out
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 3).join(' '));
  };
  test('a Shopify time with the store offset counts on the day written, whatever the offset (DST)', async () => {
    expect(await firstDays()).toEqual(['a@x.com 2022-08-13 2022-11-06', 'b@x.com 2022-08-14 2022-08-14']);
  });
  test('--tz moves every time with an offset to that zone', async () => {
    expect(await firstDays(['--tz', 'UTC'])).toEqual([
      'a@x.com 2022-08-14 2022-11-07',
      'b@x.com 2022-08-14 2022-08-14',
    ]);
    expect(await firstDays(['--tz', 'America/Los_Angeles'])).toEqual([
      'a@x.com 2022-08-13 2022-11-06',
      'b@x.com 2022-08-14 2022-08-14',
    ]);
  });
});
