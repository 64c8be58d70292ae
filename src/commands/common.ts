/** What every per-customer command does first and last: load the export into profiles, and write the output. */
import { Loaded, load } from '../io/load';
import { writeAll } from '../io/write';
import { Profile, buildProfiles } from '../model/profile';
import type { Lang } from '../model/segments';
import { InputFlags, OutputFlags, loadOptions, resolveFormat, useColor, wantBom } from '../options';
import { Format } from '../report/render';
import { loadSummary } from '../report/summary';
import type { Runtime } from '../runtime';

export interface Customers {
  loaded: Loaded;
  profiles: Profile[];
  asOf: number;
  /** Where the as-of day came from, for reports. */
  asOfSource: string;
  /** Label language: --lang, else the platform's. */
  lang: Lang;
}

/** The as-of day and where it came from. */
export function asOfOf(loaded: Loaded, flag: string | undefined): { asOf: number; source: string } {
  if (loaded.asOfDay !== undefined) return { asOf: loaded.asOfDay, source: flag === 'today' ? '--as-of today' : '--as-of' };
  return { asOf: loaded.stats.maxDay, source: 'the latest purchase in the input' };
}

/** Load the export, build the profiles, and (unless --quiet) print the load summary on stderr. */
export async function loadCustomers(file: string | undefined, flags: InputFlags & OutputFlags & { lang?: string }, rt: Runtime, history = false): Promise<Customers> {
  const loaded = await load(loadOptions(file, flags, rt, history), rt.stdin);
  const profiles = buildProfiles(loaded.book, loaded.keyText);
  const { asOf, source } = asOfOf(loaded, flags.asOf);
  if (!flags.quiet) rt.stderr.write(loadSummary(loaded, profiles.length));
  return { loaded, profiles, asOf, asOfSource: source, lang: (flags.lang as Lang | undefined) ?? loaded.detection.lang };
}

/**
 * Write the command's output to -o (atomically) or stdout in the chosen format, with the BOM and colour
 * rules applied in one place.
 */
export function emit(flags: OutputFlags, rt: Runtime, lang: Lang, fn: (format: Format, write: (s: string) => void, color: boolean) => void, format: Format = resolveFormat(flags, rt)): void {
  const toFile = Boolean(flags.output && flags.output !== '-');
  const color = useColor(flags, rt, toFile ? false : rt.stdoutIsTTY);
  writeAll(flags.output, rt, wantBom(flags, format, toFile, lang), (w) => fn(format, w, color));
}
