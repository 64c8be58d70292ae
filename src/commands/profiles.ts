/** `rfm profiles FILE`: one row per customer. */
import type { InputFlags, OutputFlags } from '../options';
import { PROFILE_COLUMNS } from '../report/profile-columns';
import { render } from '../report/render';
import { emit, loadCustomers } from './common';
import type { Runtime } from '../runtime';

export const meta = {
  name: 'profiles',
  summary: 'one row per customer: first/last purchase, orders, revenue, average order value, refunds, gaps',
};


/** Load and write the profiles. */
export async function run(file: string | undefined, flags: InputFlags & OutputFlags, rt: Runtime) {
  const { loaded, profiles, lang } = await loadCustomers(file, flags, rt);
  emit(flags, rt, lang, (format, w, color) => render(format, PROFILE_COLUMNS, profiles, w, color));
  return { loaded, profiles };
}
