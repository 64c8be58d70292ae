/** `rfm crowd FILE --tag A --tag B [--segment S] [--any]`: customers carrying all (or any) of the tags/segments. */
import type { Command } from 'commander';
import Table from 'cli-table3';
import { UsageError } from '../errors';
import { load } from '../io/load';
import { writeAll } from '../io/write';
import { buildProfiles } from '../model/profile';
import { RfmCustomer, TAGS, analyse, tagsOf } from '../model/rfm';
import { InputFlags, OutputFlags, RfmFlags, addRfmOptions, loadOptions, resolveFormat, rfmOptions, wantBom } from '../options';
import { Column, number, text } from '../report/columns';
import { day, money } from '../report/format';
import { toJsonRows, writeCsv } from '../report/render';
import { Lang, label } from '../report/segment';
import { loadSummary } from '../report/summary';
import type { Runtime } from '../runtime';
import { asOfOf } from './segment';

export const meta = {
  name: 'crowd',
  summary: 'customers carrying all (or --any) of the given tags and segments, as a contact list; --list shows the sizes',
};

const collect = (v: string, prev: string[] = []) => [...prev, v];

export function configure(cmd: Command): void {
  cmd
    .option('--tag <tag>', `a tag (repeatable): ${TAGS.join(', ')}`, collect)
    .option('--segment <name>', 'a segment name as rfm segment writes it, in either language (repeatable)', collect)
    .option('--any', 'customers with any of them (default: all of them)')
    .option('--list', 'list every tag and segment with its number of customers');
  addRfmOptions(cmd);
}

interface CrowdFlags extends InputFlags, OutputFlags, RfmFlags {
  tag?: string[];
  segment?: string[];
  any?: boolean;
  list?: boolean;
}

export async function run(file: string | undefined, flags: CrowdFlags, rt: Runtime) {
  const opts = rfmOptions(flags, rt);
  const tags = flags.tag ?? [];
  const segNames = flags.segment ?? [];
  for (const t of tags) if (!TAGS.includes(t)) throw new UsageError(`--tag: unknown tag '${t}' (known: ${TAGS.join(', ')})`);
  if (!flags.list && tags.length + segNames.length === 0) throw new UsageError('give at least one --tag or --segment (or --list to see them)');
  const loaded = await load(loadOptions(file, flags, rt), rt.stdin);
  const profiles = buildProfiles(loaded.book, loaded.keyText);
  const { asOf } = asOfOf(loaded, flags.asOf);
  const res = analyse(profiles, asOf, opts);
  const lang: Lang = (flags.lang as Lang | undefined) ?? loaded.detection.lang;
  if (!flags.quiet) rt.stderr.write(loadSummary(loaded, profiles.length));
  const segs = res.model.segments;
  const segIdx = segNames.map((s) => {
    const i = segs.findIndex((d) => d.en === s || d.zh === s || d.key === s);
    if (i < 0) throw new UsageError(`--segment: no segment '${s}' in the ${res.model.id} model (known: ${segs.map((d) => label(d, lang)).join(', ')})`);
    return i;
  });
  const tagSets = res.customers.map((c) => new Set(tagsOf(c).split(';')));
  const format = resolveFormat(flags, rt);
  const toFile = Boolean(flags.output && flags.output !== '-');
  if (flags.list) {
    const rows: [string, string, number][] = [
      ...TAGS.map((t): [string, string, number] => ['tag', t, tagSets.filter((s) => s.has(t)).length]),
      ...segs.map((d, i): [string, string, number] => ['segment', label(d, lang), res.customers.filter((c) => c.segment === i).length]),
    ];
    const cols: Column<[string, string, number]>[] = [text('kind', (r) => r[0]), text('name', (r) => r[1]), number('customers', (r) => r[2])];
    writeAll(flags.output, rt, wantBom(flags, format, toFile, lang), (w) => {
      if (format === 'csv') writeCsv(cols, rows, w);
      else if (format === 'json') w(JSON.stringify(toJsonRows(cols, rows), null, 2) + '\n');
      else {
        const t = new Table({ head: ['kind', 'name', 'customers'], style: { head: [], border: [], compact: true }, colAligns: ['left', 'left', 'right'] });
        for (const r of rows) t.push([r[0], r[1], r[2].toLocaleString('en-US')]);
        w(t.toString() + '\n');
      }
    });
    return rows;
  }
  const tests: ((i: number) => boolean)[] = [
    ...tags.map((t) => (i: number) => tagSets[i].has(t)),
    ...segIdx.map((s) => (i: number) => res.customers[i].segment === s),
  ];
  const picked = res.customers.filter((_, i) => (flags.any ? tests.some((f) => f(i)) : tests.every((f) => f(i))));
  const cols: Column<RfmCustomer>[] = [
    text('customer_id', (c) => c.id),
    text('segment', (c) => label(segs[c.segment], lang)),
    text('tags', tagsOf),
    number('orders', (c) => c.orders),
    number('revenue', (c) => money(c.revenue)),
    text('last_purchase', (c) => day(c.last)),
  ];
  if (!flags.quiet) rt.stderr.write(`rfm: crowd (${flags.any ? 'any' : 'all'} of ${[...tags, ...segNames].join(', ')}): ${picked.length.toLocaleString('en-US')} of ${res.customers.length.toLocaleString('en-US')} customers\n`);
  writeAll(flags.output, rt, wantBom(flags, format, toFile, lang), (w) => {
    if (format === 'json') w(JSON.stringify(toJsonRows(cols, picked), null, 2) + '\n');
    else if (format === 'csv') writeCsv(cols, picked, w);
    else {
      const t = new Table({ head: cols.map((c) => c.name), style: { head: [], border: [], compact: true } });
      for (const c of picked.slice(0, 50)) t.push(cols.map((x) => String(x.get(c) ?? '')));
      w(t.toString() + (picked.length > 50 ? `\n(50 of ${picked.length}; --format csv for all)\n` : '\n'));
    }
  });
  return picked;
}
