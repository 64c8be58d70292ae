/** `rfm campaign FILE --contacted list.csv --holdout list.holdout.csv --since DATE`: did the campaign work? */
import type { Command } from 'commander';
import { DataError, UsageError } from '../errors';
import { readIdList } from '../io/idlist';
import { checkOutputs } from '../io/write';
import { Entry, GroupResult, groupResponse, newcombe } from '../model/campaign';
import { InputFlags, OutputFlags, intFlag, outputsOf, parseAsOf } from '../options';
import { CampaignData, campaignColumns, campaignRows, campaignText } from '../report/campaign';
import { day, money } from '../report/format';
import { writeCsv } from '../report/render';
import type { Runtime } from '../runtime';
import { emit, loadCustomers } from './common';

export const meta = {
  name: 'campaign',
  summary: 'response of the contacted customers against the held-back control group, with the uplift and its 95% CI',
};

export function configure(cmd: Command): void {
  cmd
    .requiredOption('--contacted <list.csv>', 'the list that was contacted (written by rfm crowd/dormant -o)')
    .option(
      '--holdout <list.holdout.csv>',
      'the control group held back from it (written beside the list by --holdout)',
    )
    .requiredOption('--since <date>', 'the send date YYYY-MM-DD: responses are purchases after it')
    .option('--days <n>', 'days after --since that count as a response', '30');
}

export const HELP = `
Give an export that runs past the window (a later download than the one the list came from).
Definitions:
  window       from the day after --since through --since + --days (both inclusive)
  customers    distinct customer ids on the list (ids not in the export count as not responding)
  responders   customers of the list with a purchase in the window; rate = responders ÷ customers
  revenue      the list's net revenue in the window (returns dated in it subtract); per customer: ÷ customers
  uplift       rate of the contacted − rate of the held back, with a 95% confidence interval by Newcombe's
               hybrid score method (Newcombe 1998, method 10, from the two Wilson score intervals).
               An interval that holds 0 means the data cannot tell the campaign from no campaign.
               incremental responders = uplift × contacted customers.
Without --holdout there is no baseline: the contacted group's rate includes the customers who would have
bought anyway, so it is reported alone and no uplift is given.
`;

interface CampaignFlags extends InputFlags, OutputFlags {
  contacted?: string;
  holdout?: string;
  since?: string;
  days?: string;
}

type Group = GroupResult & { revenuePerCustomer: number };

export async function run(files: string[], flags: CampaignFlags, rt: Runtime) {
  const days = intFlag('--days', flags.days, 30, 1);
  const sinceOf = parseAsOf(flags.since, rt);
  if (!sinceOf || flags.since === 'today') throw new UsageError(`--since: expected a date YYYY-MM-DD`);
  const lists = [flags.contacted!, ...(flags.holdout ? [flags.holdout] : [])];
  checkOutputs([...files, ...lists], outputsOf({ output: flags.output }), rt.cwd);
  const contactedIds = readIdList('--contacted', flags.contacted!, rt.cwd);
  const holdoutIds = flags.holdout ? readIdList('--holdout', flags.holdout, rt.cwd) : undefined;
  const inHoldout = new Set(holdoutIds ?? []);
  const both = contactedIds.filter((id) => inHoldout.has(id));
  if (both.length)
    throw new DataError(
      `${both.length} customer(s) are on both --contacted and --holdout (first: ${both[0]}): a control group must be apart from the contacted list`,
    );
  const { loaded, profiles, asOf, asOfSource, lang } = await loadCustomers(files, flags, rt);
  const since = sinceOf(loaded.zone);
  const index = new Map(profiles.map((p) => [p.id, p.index]));
  const entriesOf = (id: string): Entry[] | undefined => {
    const c = index.get(id);
    if (c === undefined) return undefined;
    const out: Entry[] = [];
    loaded.log.forEachEntry(c, (d, amount, isPurchase) => out.push({ day: d, amount, isPurchase }));
    return out;
  };
  const group = (ids: string[]): Group => {
    const g = groupResponse(ids, entriesOf, since, days);
    return { ...g, revenuePerCustomer: g.customers ? g.revenue / g.customers : 0 };
  };
  const contacted = group(contactedIds);
  const holdout = holdoutIds ? group(holdoutIds) : null;
  const ci = holdout
    ? newcombe(contacted.responders, contacted.customers, holdout.responders, holdout.customers)
    : null;
  const r4 = (x: number) => Number(x.toFixed(4));
  const out = (g: Group) => ({
    customers: g.customers,
    responders: g.responders,
    rate: r4(g.rate),
    revenue: Number(money(g.revenue)),
    revenuePerCustomer: Number(money(g.revenuePerCustomer)),
    notInExport: g.notInExport,
  });
  const partial = since + days > asOf;
  const data: CampaignData = {
    file: loaded.file,
    since: day(since),
    days,
    window: { from: day(since + 1), to: day(since + days) },
    asOf: day(asOf),
    asOfSource,
    partial,
    contacted: out(contacted),
    holdout: holdout ? out(holdout) : null,
    uplift: ci
      ? {
          difference: r4(ci.difference),
          low: r4(ci.low),
          high: r4(ci.high),
          method: 'Newcombe hybrid score (method 10), 95%',
          incrementalResponders: Math.round(ci.difference * contacted.customers),
          revenuePerCustomerDifference: Number(money(contacted.revenuePerCustomer - holdout!.revenuePerCustomer)),
        }
      : null,
    note: holdout ? undefined : 'no --holdout: no baseline, the rate includes customers who would have bought anyway',
  };
  if (!flags.quiet && partial)
    rt.stderr.write(
      `rfm: warning: the window runs to ${data.window.to}, past the as-of date ${data.asOf}: the response is partial\n`,
    );
  if (!flags.quiet && contacted.notInExport === contacted.customers)
    rt.stderr.write(`rfm: warning: none of the contacted customers is in this export: is it the shop's export?\n`);
  await emit(flags, rt, lang, (format, w, color) => {
    if (format === 'json') w(JSON.stringify(data, null, 2) + '\n');
    else if (format === 'csv') writeCsv(campaignColumns, campaignRows(data), w);
    else w(campaignText(data, color, lang));
  });
  return data;
}
