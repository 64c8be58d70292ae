/**
 * Help that fits a terminal: options grouped (analysis, output, input), examples answering a seller's questions,
 * and our own help texts wrapped to the width (commander wraps only the option lists).
 */

import type { Lang } from './model/segments';
import { helpHeading } from './words';

/** A colour code: ESC [ … m. */
const SGR = new RegExp(String.fromCharCode(27) + '\\[[0-9;]*m', 'g');

/** Display width of a string: CJK and other wide characters count as 2 columns. */
export function displayWidth(s: string): number {
  // Colour codes (ESC [ … m) take no columns.
  if (s.includes('\x1b')) s = s.replace(SGR, '');
  let w = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    w +=
      (c >= 0x1100 && c <= 0x115f) ||
      (c >= 0x2e80 && c <= 0xa4cf && c !== 0x303f) ||
      (c >= 0xac00 && c <= 0xd7a3) ||
      (c >= 0xf900 && c <= 0xfaff) ||
      (c >= 0xfe30 && c <= 0xfe4f) ||
      (c >= 0xff00 && c <= 0xff60) ||
      (c >= 0xffe0 && c <= 0xffe6) ||
      (c >= 0x20000 && c <= 0x3fffd)
        ? 2
        : 1;
  }
  return w;
}

/** `s` padded with spaces on the right to `width` display columns (CJK counted as 2). */
export const padEnd = (s: string, width: number): string => s + ' '.repeat(Math.max(0, width - displayWidth(s)));

/** `s` padded with spaces on the left to `width` display columns. */
export const padStart = (s: string, width: number): string => ' '.repeat(Math.max(0, width - displayWidth(s))) + s;

/**
 * Wrap text to `width` columns: a long line continues under its description column (the text after a run of
 * two or more spaces following a term, as in `  term   description`), else under its own indentation.
 */
export function wrapHelp(text: string, width: number): string {
  const out: string[] = [];
  for (const line of text.split('\n')) {
    if (displayWidth(line) <= width) {
      out.push(line);
      continue;
    }
    const term = /^(\s*\S.*?\s{2,})\S/.exec(line);
    const hang = term && displayWidth(term[1]) < width / 2 ? displayWidth(term[1]) : /^\s*/.exec(line)![0].length;
    const pad = ' '.repeat(hang);
    let cur = '';
    for (const word of line.split(/(?<=\S) (?=\S)/)) {
      const next = cur === '' ? word : `${cur} ${word}`;
      if (displayWidth(next) <= width) cur = next;
      else if (cur !== '' && displayWidth(pad + word.trimStart()) <= width) {
        out.push(cur.trimEnd());
        cur = pad + word.trimStart();
      } else {
        // A run wider than a line (Chinese has no spaces): broken between characters.
        cur = cur === '' ? '' : cur + ' ';
        for (const ch of word) {
          if (cur.trim() !== '' && displayWidth(cur + ch) > width) {
            out.push(cur.trimEnd());
            cur = pad;
          }
          cur += ch;
        }
      }
    }
    out.push(cur.trimEnd());
  }
  return out.join('\n');
}

/** Examples per command: the questions a seller asks, answered by one line each. */
export const EXAMPLES: Record<string, [string, string][]> = {
  rfm: [
    ['rfm inspect orders.csv', 'what rfm read: layout, columns, statuses, what was left out'],
    ['rfm segment orders/ -o customers.xlsx', 'every customer scored and named (a folder of monthly exports)'],
    ['rfm dormant orders/ --days 120 -o winback.csv', 'who to win back: sleeping customers, most value first'],
    ['rfm crowd orders/ --model cn8 --segment 重要价值客户 -o vip.csv', 'a list for one segment'],
    ['rfm tiers orders/ --levels 500,2000,5000', 'VIP levels by cumulative spend'],
    ['rfm report orders/ --html report.html', "this week's report"],
  ],
  inspect: [
    ['rfm inspect orders.csv', 'layout, encoding, columns, statuses and excluded rows'],
    ['rfm inspect orders.csv --format json', 'the same as JSON'],
  ],
  profiles: [['rfm profiles orders/ -o profiles.csv', 'one row per customer']],
  segment: [
    ['rfm segment orders/', 'scores and segments on the terminal'],
    ['rfm segment orders/ --model cn8 -o customers.csv', 'the 8-way model 重要价值客户 … 一般挽留客户'],
    ['rfm segment orders/ --split lists/', 'one CSV per segment, ready to upload'],
    ['rfm segment orders/ --split segments.xlsx', 'one workbook, a sheet per segment'],
    ['rfm segment orders/ --as-of 2024-06-30', 'as it stood on a past day'],
  ],
  dormant: [
    ['rfm dormant orders/ --days 120', 'no purchase for 120–180 days: who, and the value at stake'],
    ['rfm dormant orders/ --days 90 --max-days 365 -o winback.csv', 'a wider window, as a list'],
    [
      'rfm dormant orders/ --holdout 10% -o winback.csv',
      'the list, and a control group beside it (winback.holdout.csv)',
    ],
  ],
  summary: [
    ['rfm summary orders/', 'repurchase rate, revenue shares, lifecycle stages'],
    ['rfm summary orders/ --window 90d', 'repurchase by definition over the last 90 days'],
  ],
  crowd: [
    ['rfm crowd orders/ --list', 'every tag and segment with its size'],
    ['rfm crowd orders/ --tag repeat --tag sleeping -o list.csv', 'repeat buyers who are now sleeping'],
    ['rfm crowd orders/ --model cn8 --segment 重要挽留客户 --segment 重要保持客户 --any', 'either of two'],
  ],
  tiers: [
    ['rfm tiers orders/ --levels 500,2000,5000', 'levels by cumulative spend'],
    ['rfm tiers orders/ --levels 500,2000 --previous last.csv', "levels that never go down from last run's"],
  ],
  cohort: [
    ['rfm cohort orders/', 'who came back: month of first purchase × months since'],
    ['rfm cohort orders/ --by week --metric revenue', 'cumulative revenue per customer, by week'],
    ['rfm cohort orders/ -o cohorts.csv', 'every cohort and period as rows, for a spreadsheet'],
  ],
  campaign: [
    [
      'rfm campaign orders/ --contacted winback.csv --holdout winback.holdout.csv --since 2024-01-01',
      'did the win-back work: response against the control group, 30 days',
    ],
  ],
  log: [
    ['rfm log orders/ -o purchases.csv', 'the purchase log, for DuckDB, Postgres or a warehouse'],
    ['rfm log orders/ --traits --shop tmall -o tmall.csv', 'with the trait columns and a shop column'],
  ],
  sql: [
    ['rfm sql --dialect postgres -o segment.sql', "rfm segment's columns computed from a purchases table"],
    ['rfm sql --command dormant --days 120 --dialect bigquery', 'the sleeping list, in BigQuery SQL'],
  ],
  report: [
    ['rfm report orders/', "this week's report on the terminal"],
    ['rfm report orders/ --html report.html --json report.json', 'as a page and as data'],
  ],
};

/** The examples block of a command's help. */
export function examplesText(name: string, width: number, lang: Lang = 'en'): string {
  const list = EXAMPLES[name];
  if (!list) return '';
  const lines = ['', helpHeading('Examples:', lang)];
  for (const [cmd, what] of list) lines.push(`  ${cmd}`, `      ${what}`);
  return wrapHelp(lines.join('\n'), width) + '\n';
}
