/** `rfm sql`: print the SQL that computes `rfm segment --format csv` from a purchase log table (`rfm log`). */
import { Command, Option } from 'commander';
import { writeAll } from '../io/write';
import { RfmFlags, addRfmOptions, addWindowOptions, langOption, parseAsOf, rfmOptions } from '../options';
import { DIALECT, DIALECTS, DialectName } from '../sql/dialect';
import {
  DormantSqlOptions,
  SqlOptions,
  TiersSqlOptions,
  dormantSql,
  modelFor,
  segmentSql,
  tiersSql,
} from '../sql/segment';
import { NAMES } from './tiers';
import { windows } from './dormant';
import { UsageError } from '../errors';
import type { Runtime } from '../runtime';

export const meta = {
  name: 'sql',
  summary: "print SQL computing rfm segment's columns from a purchase log table, for DuckDB, Postgres and warehouses",
};

export interface SqlFlags extends RfmFlags {
  dialect?: DialectName;
  table?: string;
  asOf?: string;
  output?: string;
  command?: 'segment' | 'dormant' | 'tiers';
  traits?: boolean;
  shopCol?: string;
  by?: 'spend' | 'orders';
  levels?: string;
  names?: string;
  days?: string;
  maxDays?: string;
  includeLost?: boolean;
  overdue?: string;
}

export function configure(cmd: Command): void {
  cmd
    .addOption(new Option('--dialect <engine>', 'the SQL dialect').choices(DIALECTS).default('duckdb'))
    .addOption(
      new Option(
        '--command <name>',
        "the command's rows to compute: segment, dormant (--days, --max-days, …) or tiers (--by, --levels, --names)",
      )
        .choices(['segment', 'dormant', 'tiers'])
        .default('segment'),
    )
    .option('--table <name>', 'the purchase log table or view (rfm log columns)', 'purchases')
    .option('--shop-col <name>', 'compute every figure per shop (this column names it): one query for many shops')
    .option('--traits', 'the table has rfm log --traits columns: compute the mobile, discount and province: tags')
    .option('--as-of <date>', "analysis date YYYY-MM-DD or 'today' (default: the latest purchase in the table)")
    .option('-o, --output <file>', 'write the SQL to this file (atomically) instead of stdout')
    .option('-q, --quiet', 'accepted like every command (rfm sql prints no summary)');
  addRfmOptions(cmd, false);
  cmd.addOption(langOption());
  addWindowOptions(cmd);
  cmd
    .option('--days <n>', 'dormant: sleeping from n days since the last purchase', '90')
    .option('--max-days <n>', 'dormant: sleeping up to n days (inclusive); beyond: lost', '180')
    .option('--include-lost', 'dormant: list lost customers too')
    .option('--overdue <x>', 'dormant: also list customers x times past their own median gap')
    .addOption(new Option('--by <what>', 'tiers: cumulative net spend or purchases').choices(['spend', 'orders']))
    .option('--levels <thresholds>', 'tiers: 1 to 4 increasing thresholds > 0, e.g. 500,2000,5000')
    .option('--names <names>', 'tiers: level names, comma-separated (default Member,Silver,Gold,Platinum; --lang zh)');
}

export const HELP = `
The query reads a table with rfm log's columns (customer_id, order_id,
order_date, amount, kind, refund), typed or all text (a CSV loaded as VARCHAR;
--traits: also mobile, discount, region, seq), and returns rfm segment --format
csv's columns, values and row order (--command dormant: rfm dormant's list;
--command tiers: rfm tiers' levels, without --previous); labels in --lang,
default en. It computes in integers: money in units of 1/10,000, type-7 quantile
cut points compared as exact fractions, NTILE with the customer id as tiebreak
(r-rfm alone follows R's floating point, as rfm segment does). The mobile,
discount and province: tags need --traits (rfm log --traits writes those
columns); without it they are not computed.
Run in the test suite on DuckDB, Postgres (PGlite) and, where chdb is installed,
ClickHouse; Spark and BigQuery SQL is generated but not run there.
Example:
  rfm log orders.csv -o purchases.csv
  rfm sql --dialect duckdb > segment.sql
  (echo "CREATE VIEW purchases AS FROM read_csv('purchases.csv', all_varchar = true);"; cat segment.sql) | duckdb -csv
`;

/** Build the query from the flags and write it. */
export async function run(flags: SqlFlags, rt: Runtime): Promise<{ sql: string }> {
  const opts = rfmOptions(flags, rt);
  if (opts.splitDir) throw new UsageError(`--split: mean or median for rfm sql, got '${opts.splitDir}'`);
  const dialect = DIALECT[flags.dialect ?? 'duckdb'];
  let asOf: SqlOptions['asOf'];
  if (flags.asOf === 'today') asOf = 'today';
  else if (flags.asOf !== undefined) asOf = parseAsOf(flags.asOf, rt)!({ dayOf: () => 0 } as never);
  const o: SqlOptions = {
    ...opts,
    table: flags.table ?? 'purchases',
    asOf,
    lang: (flags.lang as 'zh') ?? 'en',
    traits: Boolean(flags.traits),
    shopCol: flags.shopCol,
  };
  const model = modelFor(o);
  const sql =
    flags.command === 'dormant'
      ? dormantSql(dialect, o, model, dormantWindows(flags))
      : flags.command === 'tiers'
        ? tiersSql(dialect, o, tierRules(flags, o.lang))
        : segmentSql(dialect, o, model);
  await writeAll(flags.output, rt, false, (w) => w(sql));
  return { sql };
}

/** rfm dormant's windows, checked as rfm dormant checks them; --overdue as an exact fraction. */
function dormantWindows(flags: SqlFlags): DormantSqlOptions {
  const w = windows({ ...flags, weeks: undefined });
  let overdue: [number, number] | undefined;
  if (flags.overdue !== undefined) {
    const [whole, frac = ''] = flags.overdue.trim().split('.');
    overdue = [Number(whole + frac), 10 ** frac.length];
  }
  return { days: w.days, maxDays: w.maxDays, includeLost: w.includeLost, overdue };
}

/** rfm tiers' rule, checked as rfm tiers checks it (--previous has no SQL form). */
function tierRules(flags: SqlFlags, lang: 'zh' | 'en'): TiersSqlOptions {
  const parts = (flags.levels ?? '').split(',').map((x) => x.trim());
  const thresholds = parts.map(Number);
  if (
    !flags.levels ||
    parts.length > 4 ||
    thresholds.some((t, i) => !(t > 0) || !Number.isFinite(t) || (i > 0 && t <= thresholds[i - 1]))
  )
    throw new UsageError(
      `--levels: expected 1 to 4 increasing numbers > 0 like 500,2000,5000, got '${flags.levels ?? ''}'`,
    );
  const names = flags.names ? flags.names.split(',').map((x) => x.trim()) : NAMES[lang].slice(0, thresholds.length);
  if (names.length !== thresholds.length)
    throw new UsageError(
      `--names: ${thresholds.length} level(s) need ${thresholds.length} name(s), got ${names.length}`,
    );
  return { by: flags.by ?? 'spend', thresholds, names };
}
