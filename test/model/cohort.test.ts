import { periodLabel, periodOf, periodStart } from '../../src/model/cohort';

const dayOf = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86400000;
const iso = (d: number) => new Date(d * 86400000).toISOString().slice(0, 10);

describe('cohort periods', () => {
  test('every day from 1968 to 2032 lies in its month and its Monday-to-Sunday week', () => {
    const wrong: string[] = [];
    for (let d = dayOf('1968-01-01'); d <= dayOf('2032-12-31'); d++) {
      const m = periodOf(d, 'month');
      const monday = periodStart(periodOf(d, 'week'), 'week');
      if (
        periodLabel(m, 'month') !== iso(d).slice(0, 7) ||
        periodStart(m, 'month') !== dayOf(`${iso(d).slice(0, 7)}-01`) ||
        new Date(monday * 86400000).getUTCDay() !== 1 ||
        d - monday < 0 ||
        d - monday >= 7
      )
        wrong.push(iso(d));
    }
    expect(wrong).toEqual([]);
  });
});
