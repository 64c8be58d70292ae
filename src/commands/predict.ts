/** `rfm predict FILE`: still alive? BG/NBD or Pareto/NBD purchases and Gamma-Gamma spend, fitted per export. */
import chalk from 'chalk';
import type { Command } from 'commander';
import { models } from '../lazy';
import { UsageError } from '../errors';
import { MONEY_SCALE } from '../io/cells';
import type { ModelName } from '../model/predict/models';
import type { Prediction } from '../model/predict/predict';
import type { Holdout } from '../model/predict/holdout';
import type { Profile } from '../model/profile';
import { InputFlags, OutputFlags, ROW_FORMATS, intFlag } from '../options';
import { Column, number, text, moneyCol } from '../report/columns';
import { count, day, money, num } from '../report/format';
import { Format, fitLine, screenCell, table, toJsonRows, writeCsv } from '../report/render';
import type { Lang } from '../model/segments';
import { columnWord, predictWords } from '../words';
import { trackingHtml } from '../report/html';
import type { Runtime } from '../runtime';
import { emit, loadCustomers } from './common';

export const meta = {
  name: 'predict',
  summary: 'still alive? P(alive), expected purchases, spend and CLV per customer (BG/NBD or Pareto/NBD, Gamma-Gamma)',
};

/** Options of this command beyond input and output. */
export function configure(cmd: Command): void {
  cmd
    .option('--model <name>', 'purchase model: bgnbd or pareto-nbd', 'bgnbd')
    .option('--unit <unit>', 'time unit of x, t_x, T and the horizon: day or week', 'week')
    .option('--horizon <n>', 'prediction horizon in units (default 52 weeks or 365 days)')
    .option('--holdout <n>', 'validate: fit up to as-of − n units, compare predicted and actual repeat purchases after')
    .option('--discount <rate>', 'discount rate per unit for CLV, e.g. 0.002 a week', '0');
}

export const HELP = `
Definitions:
  summary   purchases on one calendar day count once; x = repeat purchase days, t_x = first → last purchase
            day, T = first purchase day → as-of, in --unit; spend = mean money per repeat purchase day
  fit       maximum likelihood on distinct (x, t_x, T); BG/NBD (r, alpha, a, b) or Pareto/NBD (r, alpha, s,
            beta); Gamma-Gamma (p, q, gamma) on the repeat buyers; logLik, iterations and gradient reported
  p_alive   probability the customer has not left; expected_purchases over --horizon units;
  expected_spend   Gamma-Gamma mean spend per purchase; clv = purchases discounted unit by unit × spend
  Fewer than 10 repeat buyers, or a fit that does not converge: exit 4.
`;

interface PredictFlags extends InputFlags, OutputFlags {
  model?: string;
  unit?: string;
  horizon?: string;
  holdout?: string;
  discount?: string;
}

type Row = { c: Profile; p: Prediction };

function columns(): Column<Row>[] {
  return [
    text('customer_id', (r) => r.c.id),
    number('orders', (r) => r.c.orders),
    moneyCol('revenue', (r) => money(r.c.revenue)),
    text('first_purchase', (r) => day(r.c.first)),
    text('last_purchase', (r) => day(r.c.last)),
    number('x', (r) => r.p.x),
    number('t_x', (r) => num(r.p.tx, 2)),
    number('T', (r) => num(r.p.T, 2)),
    number('p_alive', (r) => num(r.p.pAlive, 4)),
    number('expected_purchases', (r) => num(r.p.expectedPurchases, 4)),
    moneyCol('expected_spend', (r) => num(r.p.expectedSpend, 2)),
    moneyCol('clv', (r) => num(r.p.clv, 2)),
  ];
}

/** Parse and check the model flags. */
export function predictOptions(f: PredictFlags) {
  const model = f.model ?? 'bgnbd';
  if (model !== 'bgnbd' && model !== 'pareto-nbd')
    throw new UsageError(`--model: expected bgnbd or pareto-nbd, got '${model}'`);
  const unitName = f.unit ?? 'week';
  if (unitName !== 'day' && unitName !== 'week')
    throw new UsageError(`--unit: expected day or week, got '${unitName}'`);
  const unit = unitName === 'week' ? 7 : 1;
  const horizon = intFlag('--horizon', f.horizon, unit === 7 ? 52 : 365, 1, 100000);
  const discount = Number(f.discount ?? '0');
  if (!/^\s*\d+(\.\d+)?\s*$/.test(f.discount ?? '0') || discount >= 1)
    throw new UsageError(`--discount: expected a rate per unit like 0.002, got '${f.discount}'`);
  return { model: model as ModelName, unit, unitName, horizon, discount };
}

/** Rows as CSV, a table, JSON or a workbook; with --holdout also the tracking chart as an HTML page. */
export const FORMATS: Format[] = [...ROW_FORMATS, 'html'];

export async function run(files: string[], flags: PredictFlags, rt: Runtime) {
  const o = predictOptions(flags);
  if (flags.format === 'html' && flags.holdout === undefined)
    throw new UsageError('--format html draws the holdout tracking chart: add --holdout N (e.g. --holdout 13)');
  const { loaded, table, profiles, asOf, asOfSource, lang } = await loadCustomers(files, flags, rt);
  if (flags.holdout !== undefined) {
    const n = intFlag('--holdout', flags.holdout, 1, 1, 100000);
    const { holdout, purchaseDays } = models();
    const h = holdout(purchaseDays(table.index, loaded.log, asOf), asOf, n, o, MONEY_SCALE);
    const fit = { purchases: h.fit.purchases, spend: h.fit.spend };
    const head = { file: loaded.file, asOf: day(asOf), asOfSource, unit: o.unitName, holdout: n };
    const ho = { ...h.holdout, calibrationEnd: day(h.holdout.calibrationEnd) };
    await emit(flags, rt, lang, (format, w, color) => {
      if (format === 'csv') writeCsv(trackingColumns(o.unitName), h.holdout.tracking, w);
      else if (format === 'html')
        w(trackingHtml({ ...ho, file: loaded.file, asOf: day(asOf), unit: o.unitName, model: fit.purchases.model }));
      else if (format === 'json') w(JSON.stringify({ ...head, fit, holdout: ho }, null, 2) + '\n');
      else w(holdoutText(head, ho, fit.purchases.model, color));
    });
    return { fit, holdout: h.holdout };
  }
  const { predict, summarise } = models();
  const res = predict(summarise(table.index, loaded.log, asOf, MONEY_SCALE), o);
  const rows: Row[] = profiles.map((c, i) => ({ c, p: res.rows[i] }));
  const cols = columns();
  const fit = { purchases: res.purchases, spend: res.spend };
  const head = {
    file: loaded.file,
    asOf: day(asOf),
    asOfSource,
    unit: o.unitName,
    horizon: o.horizon,
    discount: o.discount,
  };
  await emit(flags, rt, lang, (format, w, color) => {
    if (format === 'csv') writeCsv(cols, rows, w);
    else if (format === 'json') w(JSON.stringify({ ...head, fit, rows: toJsonRows(cols, rows) }, null, 2) + '\n');
    else w(predictText(head, fit, rows, cols, color, lang));
  });
  return { fit, rows };
}

function predictText(
  h: { asOf: string; asOfSource: string; unit: string; horizon: number },
  fit: {
    purchases: { model: string; params: Record<string, number>; logLik: number; iterations: number; gradient: number };
    spend: { params: Record<string, number>; logLik: number; customers: number };
  },
  rows: Row[],
  cols: Column<Row>[],
  color: boolean,
  lang: Lang,
): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const w = predictWords(lang);
  const ps = (p: Record<string, number>) =>
    Object.entries(p)
      .map(([k, v]) => `${k} ${v.toPrecision(4)}`)
      .join(', ');
  const f = fit.purchases;
  let out = fitLine(w.head(h.asOf, h.asOfSource, h.unit, h.horizon)) + '\n';
  out +=
    fitLine(
      `${c.bold(f.model)}: ${ps(f.params)} · logLik ${f.logLik.toFixed(2)} · ${w.fit(f.iterations, f.gradient.toExponential(1))}`,
    ) + '\n';
  out +=
    fitLine(
      `${c.bold('gamma-gamma')}: ${ps(fit.spend.params)} · logLik ${fit.spend.logLik.toFixed(2)} · ${w.repeatBuyers(count(fit.spend.customers))}`,
    ) + '\n';
  const top = [...rows].sort((a, b) => b.p.clv - a.p.clv || (a.c.id < b.c.id ? -1 : 1)).slice(0, 15);
  // The value columns first: what a narrow screen leaves out are the model's inputs (x, t_x, T).
  const byName = new Map(cols.map((x) => [x.name, x]));
  const show = ['customer_id', 'clv', 'p_alive', 'expected_purchases', 'expected_spend', 'x', 't_x', 'T'].map((k) =>
    byName.get(k)!,
  );
  const t = table(
    show.map((x) => columnWord(x.name, lang)),
    top.map((r) => show.map((x) => screenCell(x, r))),
    show.map((x) => (x.kind === 'number' ? 'right' : 'left')),
    color,
  );
  return out + `${c.bold(w.top)} ${w.csvHasAll}\n${t}`;
}

function trackingColumns(unit: string): Column<Holdout['tracking'][number]>[] {
  return [
    number(unit, (t) => t.unit),
    number('actual_cumulative', (t) => t.actual),
    number('predicted_cumulative', (t) => num(t.predicted, 2)),
  ];
}

function holdoutText(
  h: { asOf: string; unit: string; holdout: number },
  o: Omit<Holdout, 'calibrationEnd'> & { calibrationEnd: string },
  model: string,
  color: boolean,
): string {
  const c = new chalk.Instance({ level: color ? 1 : 0 });
  const right = (k: number) => new Array<'right'>(k).fill('right');
  let out =
    fitLine(
      `${c.bold(`holdout ${h.holdout} ${h.unit}s`)}: ${model} fitted on purchases up to ${o.calibrationEnd} (${count(o.customers)} customers), checked against ${o.calibrationEnd} → ${h.asOf}`,
    ) + '\n';
  out +=
    fitLine(
      `repeat purchases in the holdout: predicted ${o.predicted.toFixed(1)}, actual ${count(o.actual)} (error ${(o.error * 100).toFixed(1)}%; tracking MAPE ${(o.mape * 100).toFixed(1)}%)`,
    ) + '\n';
  const g = table(
    ['x', 'customers', 'actual', 'predicted', 'actual/customer', 'predicted/customer'],
    o.groups.map((r) => [
      String(r.x),
      count(r.customers),
      count(r.actual),
      r.predicted.toFixed(1),
      (r.actual / r.customers).toFixed(3),
      (r.predicted / r.customers).toFixed(3),
    ]),
    right(6),
    color,
  );
  out += `${c.bold('by repeat purchases in the calibration period (x)')}\n${g}`;
  const t = table(
    [h.unit, 'actual (cumulative)', 'predicted (cumulative)'],
    o.tracking.map((r) => [String(r.unit), count(r.actual), r.predicted.toFixed(1)]),
    right(3),
    color,
  );
  return out + `${c.bold('cumulative tracking')}\n${t}`;
}
