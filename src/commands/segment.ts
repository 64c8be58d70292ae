/** `rfm segment FILE`: R/F/M scores, a named segment and tags per customer; a report; CSV lists per segment. */
import { writeAll, writeFolder } from '../io/write';
import type { Sheet } from '../io/xlsx-write';
import { xlsxWrite } from '../lazy';
import { RfmResult, analyse } from '../model/rfm';
import { Command, Option } from 'commander';
import {
  HoldoutFlags,
  InputFlags,
  OutputFlags,
  RfmFlags,
  SPLIT_BOOK,
  addTopOption,
  checkTopFormat,
  topOption,
  addHoldoutOptions,
  addRfmOptions,
  holdoutOptions,
  resolveFormat,
  rfmOptions,
  wantBom,
} from '../options';
import { Holdout, holdoutPath, splitHoldout } from '../model/holdout';
import { UsageError } from '../errors';
import { asWorkbook, toJsonRows, writeCsv } from '../report/render';
import { Lang, label } from '../model/segments';
import { ReportHead, bySegment, segmentColumns, segmentJson, segmentStats, segmentText } from '../report/segment';
import { emit, loadCustomers } from './common';
import { segmentOnDuckDb } from './segment-duckdb';
import type { Runtime } from '../runtime';
import { currencyShown, money, moneyNumberFormat } from '../report/format';
import { rowNumbers } from '../report/profile-columns';
import { tableValueOrder, topN } from '../model/top';
import { termSafe } from '../report/safe';
import { loadWords } from '../words';

export const meta = {
  name: 'segment',
  summary: 'score customers on recency, frequency and monetary value, name their segment, tag them, write CSV lists',
};

/** Options of this command beyond input and output. */
export function configure(cmd: Command): void {
  addRfmOptions(cmd);
  addTopOption(cmd, 'the n most valuable customers in the rows written (revenue, then purchases, then id)');
  addHoldoutOptions(cmd, 'beside each segment file of --split DIR (01-champions.csv → 01-champions.holdout.csv)');
  cmd.addOption(
    new Option(
      '--engine <engine>',
      "duckdb: run rfm sql's query in DuckDB over purchase logs (rfm log CSV or Parquet)",
    ).choices(['js', 'duckdb']),
  );
}

export const HELP = `
Definitions:
  as-of date   --as-of YYYY-MM-DD or 'today'; default: the date of the latest purchase in the input.
               Purchases after it are ignored, so any past week can be re-run from the same export.
  recency      days from the last purchase to the as-of date (shop's zone; a purchase on the as-of date = 0)
  frequency    purchases (distinct paid orders); monetary: net revenue
  scores       1..N (--bins, default 5), higher is better; for recency fewer days is better
  quantile     cut points = type-7 quantiles at k/N; score = 1 + cut points strictly below the value
               (recency: N − that), so equal values share a score and a value equal to a cut point
               takes the lower-value side. A score may be empty; the report shows the cut points.
  ntile        equal-count groups (SQL NTILE), ties broken by customer id ascending
  r-rfm        the R package rfm (rfm_table_order): thresholds = quantile + 1, bins [lower, upper)
  breaks       --r-breaks/--f-breaks/--m-breaks: k breaks give k+1 scores; bins are (b[i-1], b[i]],
               i.e. a value equal to a break belongs to the lower-value side (recency 30 with
               --r-breaks 30,90 is in the best bin; 1 order with --f-breaks 1,2 is in the lowest).
Models (--model):
  grid   R×F on 1–5: 5[4-5] Champions, [3-4][4-5] Loyal Customers, [4-5][2-3] Potential Loyalists,
         51 New Customers, 41 Promising, 33 Need Attention, 3[1-2] About to Sleep, [1-2][3-4] At Risk,
         [1-2]5 Can't Lose Them, [1-2][1-2] Hibernating (other bin counts are mapped onto 1–5)
  cn8    R, F, M each high or low against the mean (--split median: the median); a value equal to the
         split is low; recency is high with fewer days: 重要价值 R↑F↑M↑, 重要发展 R↑F↓M↑, 重要保持 R↓F↑M↑,
         重要挽留 R↓F↓M↑, 一般价值 R↑F↑M↓, 一般发展 R↑F↓M↓, 一般保持 R↓F↑M↓, 一般挽留 R↓F↓M↓
  rules  --rules file.json: {"segments": [{"name": "VIP", "r": [4,5], "f": "3-5", "m": 5}, …, {"name": "Others"}]}
         ordered, first match wins, ranges inclusive, a missing axis matches all; a catch-all is required
Tags (the tags column, ';'-joined):
  new (first purchase ≤ --new-days ago) | one-time | repeat (2 purchases) | loyal (3+);
  active | sleeping (--sleep-days..--lost-days days since the last purchase, inclusive) | lost (beyond);
  high-aov (average order value ≥ its 80th percentile); top-spender (revenue ≥ its 80th percentile)
Engine:
  --engine duckdb   FILEs are purchase logs (rfm log's CSV, or Parquet with its columns), scored by rfm sql's
                    query in DuckDB (npm install @duckdb/node-api); writes the same CSV, labels in --lang (en)
`;

/** Load, analyse and render. */
export async function run(
  files: string[],
  flags: InputFlags & OutputFlags & RfmFlags & HoldoutFlags & { engine?: 'js' | 'duckdb'; top?: string },
  rt: Runtime,
) {
  const top = topOption(flags);
  if (top !== undefined && flags.engine === 'duckdb')
    throw new UsageError('--top with --engine duckdb: not supported; rfm sql … ORDER BY revenue DESC LIMIT n');
  if (flags.engine === 'duckdb') return segmentOnDuckDb(files, flags, rt);
  const opts = rfmOptions(flags, rt);
  const hold = holdoutOptions(flags);
  if (hold && !opts.splitDir)
    throw new UsageError('--holdout holds back part of each segment file: give --split DIR (or use rfm crowd -o)');
  if (top !== undefined && opts.splitDir)
    throw new UsageError(
      `--top limits the customer rows of -o or stdout; --split ${opts.splitDir} writes every customer of each segment`,
    );
  // With --split and no explicit format (or xlsx, the split's format), stdout gets the report.
  const format =
    opts.splitDir && (!flags.format || flags.format === 'xlsx') && !flags.output ? 'table' : resolveFormat(flags, rt);
  checkTopFormat(top, format, 'rfm segment');
  const { loaded, table, asOf, asOfSource, lang } = await loadCustomers(files, flags, rt);
  const res = analyse(table, asOf, opts);
  if (!flags.quiet) for (const n of res.model.notes) rt.stderr.write(termSafe(`rfm: note: ${n}\n`));
  const head: ReportHead = { file: loaded.file, asOfSource, lang };
  if (opts.splitDir) await writeSplit(opts.splitDir, res, lang, flags, rt, hold);
  // In id order; with --top, the most valuable first.
  const rows =
    top === undefined ? rowNumbers(res.table.size) : topN(rowNumbers(res.table.size), top, tableValueOrder(res.table));
  await emit(
    flags,
    rt,
    lang,
    (fmt, w, color) => {
      if (fmt === 'csv') writeCsv(segmentColumns(res, lang), rows, w);
      else if (fmt === 'json')
        w(
          JSON.stringify(
            {
              ...segmentJson(res, head),
              currency: currencyShown() ?? null,
              customerRows: toJsonRows(segmentColumns(res, lang), rows),
            },
            null,
            2,
          ) + '\n',
        );
      else w(segmentText(res, head, color));
    },
    format,
  );
  return { loaded, res };
}

/**
 * `--split DIR`: one CSV per segment (every segment, empty ones too, so cron consumers find stable names) and
 * index.csv, replaced as a set; `--format xlsx`: one workbook per segment (index.csv still lists them).
 * `--split NAME.xlsx`: one workbook, an index sheet then a sheet per segment, written atomically.
 */
async function writeSplit(
  dir: string,
  res: RfmResult,
  lang: Lang,
  flags: OutputFlags,
  rt: Runtime,
  hold?: Holdout,
): Promise<void> {
  const cols = segmentColumns(res, lang);
  const groups = bySegment(res).map((g) =>
    hold ? splitHoldout(g, (i) => res.table.ids[i], hold) : { contact: g, holdout: [] },
  );
  const book = SPLIT_BOOK.test(dir);
  const ext = flags.format === 'xlsx' ? '.xlsx' : '.csv';
  const width = Math.max(2, String(res.model.segments.length).length);
  const segs = res.model.segments;
  // A workbook's sheets: the index first, then each segment (and its control group) by its label.
  const sheets = book
    ? xlsxWrite().sheetNames([
        'index',
        ...segs.map((d) => label(d, lang)),
        ...(hold ? segs.map((d) => `${label(d, lang)} holdout`) : []),
      ])
    : [];
  const names = book
    ? sheets.slice(1, segs.length + 1)
    : segs.map((d, i) => `${String(i + 1).padStart(width, '0')}-${d.key}${ext}`);
  const heldNames = book ? sheets.slice(segs.length + 1) : names.map(holdoutPath);
  const stats = new Map(segmentStats(res, lang).map((s) => [s.index, s]));
  type Col = { name: string; kind: 'text' | 'number'; get: (i: number) => string | number; money?: boolean };
  const index: Col[] = [
    { name: book ? 'sheet' : 'file', kind: 'text', get: (i) => names[i] },
    { name: 'segment', kind: 'text', get: (i) => label(segs[i], lang) },
    { name: 'customers', kind: 'number', get: (i) => stats.get(i)!.customers },
    { name: 'revenue', kind: 'number', get: (i) => money(stats.get(i)!.revenue), money: true },
  ];
  if (hold)
    index.push(
      { name: 'contact', kind: 'number', get: (i) => groups[i].contact.length },
      { name: book ? 'holdout_sheet' : 'holdout_file', kind: 'text', get: (i) => heldNames[i] },
      { name: 'holdout', kind: 'number', get: (i) => groups[i].holdout.length },
    );
  if (hold && !flags.quiet) {
    const held = groups.reduce((s, g) => s + g.holdout.length, 0);
    rt.stderr.write(
      `rfm: holdout ${+(hold.share * 100).toFixed(4)}% (seed ${hold.seed}): ${held.toLocaleString('en-US')} of ` +
        `${res.table.size.toLocaleString('en-US')} customers held back in the segments' holdout ${book ? 'sheets' : `${ext} files`}\n`,
    );
  }
  const order = segs.map((_, i) => i);
  if (book) {
    const all: Sheet<unknown>[] = [
      { name: sheets[0], cols: index, rows: order } as Sheet<unknown>,
      ...groups.map((g, i) => ({ name: names[i], cols, rows: g.contact }) as Sheet<unknown>),
      ...(hold ? groups.map((g, i) => ({ name: heldNames[i], cols, rows: g.holdout }) as Sheet<unknown>) : []),
    ];
    await writeAll(dir, rt, false, (w) =>
      xlsxWrite().writeWorkbook(all, w as unknown as (b: Uint8Array) => void, { moneyFormat: moneyNumberFormat() }),
    );
    if (!flags.quiet) rt.stderr.write(termSafe(`rfm: ${loadWords(lang).wroteSheets(dir, all.length)}\n`));
    return;
  }
  // A folder of workbooks: each file a workbook, no BOM; index.csv lists them as for CSV.
  const each = (rows: number[]) => (w: (s: string) => void) =>
    ext === '.xlsx' ? asWorkbook(() => writeCsv(cols, rows, w)) : writeCsv(cols, rows, w);
  const fileBom = ext === '.xlsx' ? false : undefined;
  const files = [
    ...names.map((name, i) => ({ name, render: each(groups[i].contact), bom: fileBom })),
    ...(hold ? heldNames.map((name, i) => ({ name, render: each(groups[i].holdout), bom: fileBom })) : []),
  ];
  await writeFolder(dir, files, (w) => writeCsv(index, order, w), rt, wantBom(flags, 'csv', true, lang));
}
