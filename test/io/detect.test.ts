/** The date-order vote: a first or second field above 12 decides; 12 itself is a valid month and decides nothing. */
import { decideDateOrder } from '../../src/io/detect';

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
