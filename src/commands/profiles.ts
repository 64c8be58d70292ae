/** `rfm profiles FILE`: one row per customer. */
import { load } from '../io/load';
import { writeAll } from '../io/write';
import { buildProfiles } from '../model/profile';
import { InputFlags, OutputFlags, loadOptions, resolveFormat, useColor, wantBom } from '../options';
import { PROFILE_COLUMNS } from '../report/profile-columns';
import { render } from '../report/render';
import { loadSummary } from '../report/summary';
import type { Runtime } from '../runtime';

export const meta = {
  name: 'profiles',
  summary: 'one row per customer: first/last purchase, orders, revenue, average order value, refunds, gaps',
};


/** Load and write the profiles. */
export async function run(file: string | undefined, flags: InputFlags & OutputFlags, rt: Runtime) {
  const loaded = await load(loadOptions(file, flags, rt), rt.stdin);
  const profiles = buildProfiles(loaded.book, loaded.keyText);
  if (!flags.quiet) rt.stderr.write(loadSummary(loaded, profiles.length));
  const format = resolveFormat(flags, rt);
  writeAll(flags.output, rt, wantBom(flags, format, Boolean(flags.output && flags.output !== '-'), loaded.detection.lang), (w) =>
    render(format, PROFILE_COLUMNS, profiles, w, useColor(flags, rt, rt.stdoutIsTTY)));
  return { loaded, profiles };
}
