/** `rfm inspect FILE`: what was detected and what the rows became. */
import { load } from '../io/load';
import { checkOutputs, writeAll } from '../io/write';
import { buildProfiles } from '../model/profile';
import { InputFlags, OutputFlags, loadOptions, outputsOf } from '../options';
import { inspectData, inspectText } from '../report/summary';
import { termSafe } from '../report/safe';
import { Runtime, screenWidth } from '../runtime';
import type { Lang } from '../model/segments';
import { showCurrency } from '../report/format';
import { withScreenWidth, writeCsv } from '../report/render';
import { COLUMN_ROWS, columnRows } from '../report/inspect-csv';

export const meta = {
  name: 'inspect',
  summary: 'show what was detected (layout, encoding, columns, dates) and what the rows became',
};

/** Load the export and describe it. */
export async function run(files: string[], flags: InputFlags & OutputFlags & { lang?: string }, rt: Runtime) {
  checkOutputs(files, outputsOf(flags), rt.cwd);
  const loaded = await load({ ...loadOptions(files, flags, rt), mixedCurrencies: true }, rt.stdin);
  // The text report shows amounts in the shop's currency (unknown or mixed: plain numbers).
  showCurrency(loaded.currency);
  const profiles = buildProfiles(loaded.log, loaded.ids, loaded.decode);
  const data = inspectData(
    loaded,
    profiles.length,
    profiles.reduce((s, p) => s + p.revenue, 0),
  );
  // On a terminal the text report is fitted to its width (80 when unknown); a file or a pipe gets whole lines.
  const width = (!flags.output || flags.output === '-') && rt.stdoutIsTTY ? screenWidth(rt) : Infinity;
  await writeAll(flags.output, rt, false, (w) =>
    flags.format === 'csv'
      ? writeCsv(COLUMN_ROWS, columnRows(loaded.detection), w)
      : w(
          flags.format === 'json'
            ? JSON.stringify(data, null, 2) + '\n'
            : termSafe(
                withScreenWidth(width, () =>
                  inspectText(data, (flags.lang as Lang | undefined) ?? loaded.detection.lang),
                ),
              ),
        ),
  );
  return data;
}
