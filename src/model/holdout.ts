/**
 * A control group: a deterministic share of a contact list held back from the campaign, so its effect can be
 * measured against customers who were not contacted (rfm campaign).
 */
import { createHash } from 'crypto';

export interface Holdout {
  /** Share held back, 0 < share < 1. */
  share: number;
  /** Any text; the same seed keeps the same customers held back from run to run and week to week. */
  seed: string;
}

/** The seed used without --seed. */
export const DEFAULT_SEED = 'rfm';

/**
 * Where a customer falls in [0, 1): the first 8 hex digits of SHA-256 of `seed:id` (UTF-8) ÷ 2^32. It depends
 * on nothing but the id and the seed — not on the list, its order or the export — and can be recomputed
 * anywhere (`printf '%s' "rfm:00042" | sha256sum`).
 */
export function holdoutPoint(id: string, seed: string): number {
  return parseInt(createHash('sha256').update(`${seed}:${id}`, 'utf8').digest('hex').slice(0, 8), 16) / 2 ** 32;
}

/** Whether a customer is held back: their point lies below the share (each customer independently). */
export function isHeldOut(id: string, h: Holdout): boolean {
  return holdoutPoint(id, h.seed) < h.share;
}

/** Split a list into the customers to contact and those held back, each in the list's order. */
export function splitHoldout<T>(rows: T[], idOf: (r: T) => string, h: Holdout): { contact: T[]; holdout: T[] } {
  const contact: T[] = [];
  const holdout: T[] = [];
  for (const r of rows) (isHeldOut(idOf(r), h) ? holdout : contact).push(r);
  return { contact, holdout };
}

/** The holdout file beside a list: `list.csv` → `list.holdout.csv`, `list` → `list.holdout`. */
export function holdoutPath(file: string): string {
  const slash = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  const dot = file.lastIndexOf('.');
  return dot > slash + 1 ? `${file.slice(0, dot)}.holdout${file.slice(dot)}` : `${file}.holdout`;
}
