/**
 * `rfm report FILE [--html F] [--md F] [--json F]`: the weekly picture in one run — totals, segments, the
 * R×F grid, sleeping customers and their trend, segment movement since last week, revenue concentration.
 * Files are written atomically; without file flags the report goes to stdout (a table on a terminal).
 */
import { currencyShown } from '../report/format';
import type { Command } from 'commander';
import { writeSet } from '../io/write';
import { InputFlags, OutputFlags, RfmFlags, addRfmOptions, intFlag, resolveFormat, windowSpec } from '../options';
import { jsonText } from '../report/format';
import { weeklyHtml } from '../report/html';
import type { Format } from '../report/render';
import { Weekly, weekly, weeklyMarkdown, weeklyText } from '../report/weekly';
import type { Runtime } from '../runtime';
import { HEAP_PER_LIST } from '../heap';
import { emit, loadCustomers } from './common';
import { sleepRfmOptions, windows } from './dormant';
import { loadWords } from '../words';

export const meta = {
  name: 'report',
  summary:
    'the weekly report: totals, segments, R×F grid, sleeping trend, segment movement, concentration (terminal, --html, --md, --json)',
};

export const FORMATS: Format[] = ['md', 'table', 'json', 'html'];

export function configure(cmd: Command): void {
  cmd
    .option('--html <file>', 'write the report as one self-contained HTML page (charts inline, no network)')
    .option('--md <file>', 'write the report as Markdown')
    .option('--json <file>', 'write the report data as JSON')
    .option('--days <n>', 'sleeping from n days since the last purchase', '90')
    .option('--max-days <n>', 'sleeping up to n days (inclusive); beyond: lost', '180')
    .option('--weeks <n>', 'weeks of sleeping trend', '8')
    .option('--top <n>', 'most valuable sleeping customers listed', '10')
    .option(
      '--alive',
      "P(alive) beside each listed sleeping customer (BG/NBD fitted to every customer, as rfm predict's)",
    )
    .option('--window <length>', 'window of the repurchase figures (as rfm summary): 30d, 12w, 6m, 1y or all', '365d');
  addRfmOptions(cmd, false);
}

export const HELP = `
Contents (definitions as in rfm summary, rfm segment and rfm dormant):
  totals       customers, purchases, revenue, AOV, repurchase rate (customers with 2+ purchases) and their
               share of revenue, the top 20% customers' share of revenue
  repurchase   each figure of rfm summary's repurchase by definition over --window, with its definition
  cohorts      (HTML) a heat map: monthly acquisition cohorts × months since, share of the cohort buying
  segments     customers, shares, revenue, revenue share and AOV per segment; the R×F grid
  sleeping     customers --days..--max-days days since the last purchase, revenue at stake, the most
               valuable of them, and the trend over --weeks weekly as-of dates
  movement     each customer's segment at as-of − 7 days (scored as --as-of that day would) → now
  concentration the cumulative revenue share of customers by revenue (Pareto curve)
Output: --html/--md/--json files (atomic); stdout gets the report only when no file flag is given or
--format/-o asks for it (default: a table on a terminal, else Markdown).
`;

interface ReportFlags extends InputFlags, OutputFlags, RfmFlags {
  html?: string;
  md?: string;
  json?: string;
  days?: string;
  maxDays?: string;
  weeks?: string;
  top?: string;
  alive?: boolean;
  window?: string;
}

const render = (format: Format, w: Weekly, color: boolean): string =>
  format === 'html'
    ? weeklyHtml(w)
    : format === 'json'
      ? jsonText({ ...w, currency: currencyShown() ?? null })
      : format === 'md'
        ? weeklyMarkdown(w)
        : weeklyText(w, color);

export async function run(files: string[], flags: ReportFlags, rt: Runtime) {
  const win = windows(flags);
  const top = intFlag('--top', flags.top, 10, 0, 1000);
  const windowText = flags.window ?? '365d';
  const window = { text: windowText, spec: windowSpec(windowText) };
  const opts = sleepRfmOptions(flags, rt, win, 'rfm report');
  const { loaded, table, asOf, asOfSource, lang } = await loadCustomers(files, flags, rt, HEAP_PER_LIST);
  const w = weekly(loaded, table, asOf, asOfSource, lang, {
    rfm: opts,
    days: win.days,
    maxDays: win.maxDays,
    weeks: win.weeks,
    top,
    window,
    alive: Boolean(flags.alive),
  });
  const outputs: [string | undefined, Format][] = [
    [flags.html, 'html'],
    [flags.md, 'md'],
    [flags.json, 'json'],
  ];
  await writeSet(
    rt,
    outputs.flatMap(([file, format]) =>
      file ? [{ file, bom: false, render: (out: (s: string) => void) => out(render(format, w, false)) }] : [],
    ),
  );
  const anyFile = outputs.some(([p]) => p);
  if (!anyFile || flags.format || flags.output)
    await emit(
      flags,
      rt,
      lang,
      (format, out, color) => out(render(format, w, color)),
      resolveFormat(flags, rt, FORMATS),
    );
  if (anyFile && !flags.quiet)
    rt.stderr.write(
      `rfm: ${loadWords(lang).wrote(
        outputs
          .filter(([p]) => p)
          .map(([p]) => p)
          .join(', '),
        null,
      )}\n`,
    );
  return w;
}
