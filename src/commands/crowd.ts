/** `rfm crowd FILE --tag A --tag B [--segment S] [--any]`: customers carrying all (or any) of the tags/segments. */
import type { Command } from 'commander';
import { UsageError } from '../errors';
import { ALIVE_TAGS, RfmCustomer, RfmResult, TAGS, analyse, customerAt, isTag, tagTest, tagsOf } from '../model/rfm';
import { MONEY_SCALE } from '../io/cells';
import { models } from '../lazy';
import { label } from '../model/segments';
import {
  HoldoutFlags,
  InputFlags,
  OutputFlags,
  RfmFlags,
  addHoldoutOptions,
  addRfmOptions,
  addTopOption,
  holdoutOptions,
  rfmOptions,
  topOption,
} from '../options';
import { tableValueOrder, topN } from '../model/top';
import { splitHoldout } from '../model/holdout';
import { Column, number, text, moneyCol } from '../report/columns';
import { day, money, num } from '../report/format';
import { Format, render } from '../report/render';
import type { Runtime } from '../runtime';
import { HEAP_PER_LIST } from '../heap';
import { checkHoldoutOutput, emit, emitHoldout, holdoutNote, listContacts, loadCustomers } from './common';

export const meta = {
  name: 'crowd',
  summary:
    'customers carrying all (or --any) of the given tags and segments, as a contact list; --list shows the sizes',
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function configure(cmd: Command): void {
  cmd
    .option(
      '--tag <tag>',
      `a tag (repeatable): ${TAGS.join(', ')}, province:NAME (mobile, discount and province where the export has the columns); ` +
        'likely-lost / likely-active: BG/NBD P(alive) below 0.3 / at least 0.7 (fitted when asked for; adds p_alive)',
      collect,
    )
    .option('--segment <name>', 'a segment name as rfm segment writes it, in either language (repeatable)', collect)
    .option('--any', 'customers with any of them (default: all of them)')
    .option('--list', 'list every tag and segment with its number of customers')
    .option(
      '--with <columns>',
      "the export's columns to add from each customer's latest order (default: its name, phone, e-mail, address " +
        "and marketing-consent columns; 'none': no contact columns)",
    );
  addTopOption(cmd, 'the n most valuable customers of the crowd (revenue, then purchases, then id)');
  addHoldoutOptions(cmd, 'beside -o FILE as FILE.holdout.csv (list.csv → list.holdout.csv)');
  addRfmOptions(cmd, true, false);
}

interface CrowdFlags extends InputFlags, OutputFlags, RfmFlags, HoldoutFlags {
  tag?: string[];
  segment?: string[];
  any?: boolean;
  top?: string;
  with?: string;
  list?: boolean;
}

/** The province tags present, largest first. */
function provinceCounts(res: RfmResult): [string, number][] {
  const counts = new Int32Array(res.table.regions.length);
  for (let i = 0; i < res.table.size; i++) if (res.table.region[i] >= 0) counts[res.table.region[i]]++;
  return res.table.regions
    .map((r, k): [string, number] => [`province:${r}`, counts[k]])
    .filter((x) => x[1] > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

export async function run(files: string[], flags: CrowdFlags, rt: Runtime) {
  const opts = rfmOptions(flags, rt);
  if (opts.splitDir)
    throw new UsageError(
      `--split ${opts.splitDir}: crowd writes one list (-o FILE) and takes --split mean|median only; ` +
        'a file per segment: rfm segment --split DIR (or --split NAME.xlsx)',
    );
  const tags = flags.tag ?? [];
  const segNames = flags.segment ?? [];
  for (const t of tags)
    if (!isTag(t))
      throw new UsageError(
        `--tag: unknown tag '${t}' (known: ${[...TAGS, ...Object.keys(ALIVE_TAGS)].join(', ')}, province:NAME)`,
      );
  if (!flags.list && tags.length + segNames.length === 0)
    throw new UsageError('give at least one --tag or --segment (or --list to see them)');
  const hold = holdoutOptions(flags);
  const top = topOption(flags);
  if (hold && flags.list) throw new UsageError('--holdout holds back part of a list of customers, not of --list');
  if (hold) checkHoldoutOutput(flags);
  const { loaded, table, asOf, lang } = await loadCustomers(files, flags, rt, HEAP_PER_LIST);
  const res = analyse(table, asOf, opts);
  const segs = res.model.segments;
  const segIdx = segNames.map((s) => {
    const i = segs.findIndex((d) => d.en === s || d.zh === s || d.key === s);
    if (i < 0)
      throw new UsageError(
        `--segment: no segment '${s}' in the ${res.model.id} model (known: ${segs.map((d) => label(d, lang)).join(', ')})`,
      );
    return i;
  });
  const n = res.table.size;
  const count = (test: (i: number) => boolean) => {
    let k = 0;
    for (let i = 0; i < n; i++) if (test(i)) k++;
    return k;
  };
  if (flags.list) {
    const rows: [string, string, number][] = [
      ...TAGS.map((t): [string, string, number] => ['tag', t, count(tagTest(res, t))]),
      ...provinceCounts(res).map(([t, k]): [string, string, number] => ['tag', t, k]),
      ...segs.map((d, s): [string, string, number] => ['segment', label(d, lang), count((i) => res.segment[i] === s)]),
    ];
    const cols: Column<[string, string, number]>[] = [
      text('kind', (r) => r[0]),
      text('name', (r) => r[1]),
      number('customers', (r) => r[2]),
    ];
    await emit(flags, rt, lang, (format, w, color) => render(format, cols, rows, w, color));
    return rows;
  }
  // P(alive) per row, fitted only when a likely-* tag is asked for.
  const pAlive = tags.some((t) => t in ALIVE_TAGS)
    ? models().alive(res.table.index, loaded.log, asOf, MONEY_SCALE).pAlive
    : null;
  const tests: ((i: number) => boolean)[] = [
    ...tags.map((t) => (t in ALIVE_TAGS ? (i: number) => ALIVE_TAGS[t](pAlive![i]) : tagTest(res, t))),
    ...segIdx.map((s) => (i: number) => res.segment[i] === s),
  ];
  // A contact list: the most valuable first (revenue, then purchases, then id), as many as --top says.
  const rows: number[] = [];
  for (let i = 0; i < n; i++) if (flags.any ? tests.some((f) => f(i)) : tests.every((f) => f(i))) rows.push(i);
  const sorted = topN(rows, top, tableValueOrder(res.table));
  const picked = sorted.map((i) => customerAt(res, i));
  const rowOf = new Map(picked.map((c, k) => [c.index, sorted[k]]));
  const contacts = await listContacts(
    loaded,
    picked.map((c) => c.index),
    flags,
    rt,
  );
  const cols: Column<RfmCustomer>[] = [
    text('customer_id', (c) => c.id),
    text('segment', (c) => label(segs[c.segment], lang)),
    text('tags', tagsOf),
    number('orders', (c) => c.orders),
    moneyCol('revenue', (c) => money(c.revenue)),
    text('last_purchase', (c) => day(c.last)),
    ...(pAlive ? [number<RfmCustomer>('p_alive', (c) => num(pAlive[rowOf.get(c.index)!], 4))] : []),
    ...contacts.columns((c: RfmCustomer) => c.index),
  ];
  if (!flags.quiet)
    rt.stderr.write(
      `rfm: crowd (${flags.any ? 'any' : 'all'} of ${[...tags, ...segNames].join(', ')}): ${picked.length.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} customers\n`,
    );
  // A terminal shows a screenful (render says how many more); csv, json and xlsx carry everyone.
  const section = (rows: RfmCustomer[]) => (format: Format, w: (s: string) => void, color: boolean) =>
    render(format, cols, rows, w, color);
  if (hold) {
    const split = splitHoldout(picked, (c) => c.id, hold);
    if (!flags.quiet) rt.stderr.write(holdoutNote(hold, split, flags.output!));
    await emitHoldout(flags, rt, lang, section(split.contact), section(split.holdout));
  } else await emit(flags, rt, lang, section(picked));
  return picked;
}
