/**
 * SQL dialects: the few expressions that differ between engines. The queries use integers only (money in
 * units of 1/10,000, days as numbers), so every comparison is exact; division is always integer division
 * of non-negative numbers, spelt per engine (`/` is float division in DuckDB and ClickHouse).
 */

export type DialectName = 'duckdb' | 'postgres' | 'clickhouse' | 'spark' | 'bigquery';
export const DIALECTS: DialectName[] = ['duckdb', 'postgres', 'clickhouse', 'spark', 'bigquery'];

export interface Dialect {
  name: DialectName;
  /** A value as text (ids, numbers). */
  text(x: string): string;
  /** A 64-bit integer. */
  int(x: string): string;
  /** A double (only to order averages before comparing them exactly). */
  double(x: string): string;
  /** A 128-bit (or exact decimal) integer, for products of money and counts. */
  wide(x: string): string;
  /** A decimal text or number as money units (1/10,000). */
  units(x: string): string;
  /** Days since 1970-01-01 of a date, a timestamp or a `YYYY-MM-DD` text. */
  day(x: string): string;
  /** `YYYY-MM-DD` of a day number. */
  dayText(x: string): string;
  /** Integer division and remainder of non-negative integers. */
  idiv(a: string, b: string): string;
  mod(a: string, b: string): string;
  /** Left-pad to two characters with '0'. */
  pad2(x: string): string;
  /** The day number of the engine's current date (`--as-of today`). */
  today: string;
  /** An ORDER BY key for customer ids in code-point (byte) order. */
  byId(x: string): string;
  /**
   * Appended to the query (ClickHouse: output names must not rename the columns they are computed from, and a
   * LEFT JOIN's missing side is NULL, not 0).
   */
  settings?: string;
  /** The previous value of x within each `by`, ordered by x (NULL on the first row). */
  lag(x: string, by: string): string;
}

const EPOCH = "DATE '1970-01-01'";

const base = {
  idiv: (a: string, b: string) => `((${a}) / (${b}))`,
  mod: (a: string, b: string) => `((${a}) % (${b}))`,
  pad2: (x: string) => `lpad(${x}, 2, '0')`,
  byId: (x: string) => x,
  lag: (x: string, by: string) => `LAG(${x}) OVER (PARTITION BY ${by} ORDER BY ${x})`,
};

export const DIALECT: Record<DialectName, Dialect> = {
  duckdb: {
    ...base,
    name: 'duckdb',
    text: (x) => `CAST(${x} AS VARCHAR)`,
    int: (x) => `CAST(${x} AS BIGINT)`,
    double: (x) => `CAST(${x} AS DOUBLE)`,
    wide: (x) => `CAST(${x} AS HUGEINT)`,
    units: (x) => `CAST(CAST(${x} AS DECIMAL(38, 4)) * 10000 AS BIGINT)`,
    day: (x) => `CAST(CAST(${x} AS DATE) - ${EPOCH} AS BIGINT)`,
    dayText: (x) => `strftime(${EPOCH} + CAST(${x} AS INTEGER), '%Y-%m-%d')`,
    idiv: (a, b) => `((${a}) // (${b}))`,
    today: `CAST(current_date - ${EPOCH} AS BIGINT)`,
  },
  postgres: {
    ...base,
    name: 'postgres',
    text: (x) => `CAST(${x} AS TEXT)`,
    int: (x) => `CAST(${x} AS BIGINT)`,
    double: (x) => `CAST(${x} AS DOUBLE PRECISION)`,
    wide: (x) => `CAST(${x} AS NUMERIC)`,
    units: (x) => `CAST(CAST(${x} AS NUMERIC(38, 4)) * 10000 AS BIGINT)`,
    day: (x) => `CAST(CAST(${x} AS DATE) - ${EPOCH} AS BIGINT)`,
    dayText: (x) => `to_char(${EPOCH} + CAST(${x} AS INTEGER), 'YYYY-MM-DD')`,
    today: `CAST(current_date - ${EPOCH} AS BIGINT)`,
    byId: (x) => `${x} COLLATE "C"`,
  },
  clickhouse: {
    ...base,
    name: 'clickhouse',
    text: (x) => `toString(${x})`,
    int: (x) => `toInt64(${x})`,
    double: (x) => `toFloat64(${x})`,
    wide: (x) => `toInt128(${x})`,
    units: (x) => `toInt64(CAST(toString(${x}) AS Decimal(38, 4)) * 10000)`,
    day: (x) => `toInt64(toDate32(substring(toString(${x}), 1, 10)))`,
    dayText: (x) => `toString(addDays(toDate32('1970-01-01'), ${x}))`,
    idiv: (a, b) => `intDiv(${a}, ${b})`,
    pad2: (x) => `leftPad(${x}, 2, '0')`,
    today: `toInt64(toDate32(today()))`,
    settings: 'SETTINGS prefer_column_name_to_alias = 1, join_use_nulls = 1',
    lag: (x, by) =>
      `lagInFrame(toNullable(${x})) OVER (PARTITION BY ${by} ORDER BY ${x} ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`,
  },
  spark: {
    ...base,
    name: 'spark',
    text: (x) => `CAST(${x} AS STRING)`,
    int: (x) => `CAST(${x} AS BIGINT)`,
    double: (x) => `CAST(${x} AS DOUBLE)`,
    wide: (x) => `CAST(${x} AS DECIMAL(38, 0))`,
    units: (x) => `CAST(CAST(${x} AS DECIMAL(38, 4)) * 10000 AS BIGINT)`,
    day: (x) => `CAST(datediff(CAST(${x} AS DATE), ${EPOCH}) AS BIGINT)`,
    dayText: (x) => `date_format(date_add(${EPOCH}, CAST(${x} AS INT)), 'yyyy-MM-dd')`,
    idiv: (a, b) => `((${a}) div (${b}))`,
    today: `CAST(datediff(current_date(), ${EPOCH}) AS BIGINT)`,
  },
  bigquery: {
    ...base,
    name: 'bigquery',
    text: (x) => `CAST(${x} AS STRING)`,
    int: (x) => `CAST(${x} AS INT64)`,
    double: (x) => `CAST(${x} AS FLOAT64)`,
    wide: (x) => `CAST(${x} AS BIGNUMERIC)`,
    units: (x) => `CAST(CAST(${x} AS NUMERIC) * 10000 AS INT64)`,
    day: (x) => `DATE_DIFF(CAST(${x} AS DATE), ${EPOCH}, DAY)`,
    dayText: (x) => `FORMAT_DATE('%Y-%m-%d', DATE_ADD(${EPOCH}, INTERVAL ${x} DAY))`,
    idiv: (a, b) => `DIV(${a}, ${b})`,
    mod: (a, b) => `MOD(${a}, ${b})`,
    today: `DATE_DIFF(CURRENT_DATE(), ${EPOCH}, DAY)`,
  },
};

/** A text literal. */
export const str = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** A table or column name: plain names as they are, anything else quoted (backquotes in Spark and BigQuery). */
export function ident(name: string, d: Dialect): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name)) return name;
  const q = d.name === 'spark' || d.name === 'bigquery' || d.name === 'clickhouse' ? '`' : '"';
  return q + name.replace(new RegExp(q, 'g'), q + q) + q;
}
