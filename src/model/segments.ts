/**
 * Segment models: the R×F grid (English names), the Chinese 8-class model (重要价值客户 …), and custom
 * rules from a JSON file. Each model names its segments in both languages and classifies one customer.
 */
import * as fs from 'fs';
import * as path from 'path';
import { UsageError } from '../errors';
import { MONEY_SCALE } from '../io/cells';
import { quantile7 } from './scoring';

export type Lang = 'zh' | 'en';

export interface SegmentDef {
  /** File-name-safe ASCII key (used by --split). */
  key: string;
  zh: string;
  en: string;
  /** High-value classes worth winning back (rfm dormant's "important" flag). */
  important: boolean;
}

/** A segment's label in a language. */
export const label = (d: SegmentDef, lang: Lang) => (lang === 'zh' ? d.zh : d.en);

/** What a model looks at for one customer. */
export interface Scored {
  r: number;
  f: number;
  m: number;
  recency: number;
  frequency: number;
  monetary: number;
}

export interface SegmentModel {
  id: 'grid' | 'cn8' | 'rules';
  segments: SegmentDef[];
  /** Index into `segments`. */
  classify(c: Scored): number;
  /** Notes for the report (splits used, score mapping, unreachable rules). */
  notes: string[];
}

const seg = (key: string, en: string, zh: string, important = false): SegmentDef => ({ key, en, zh, important });

/** The R×F grid on 1–5 scores, in order of value. */
export const GRID: SegmentDef[] = [
  seg('champions', 'Champions', '冠军客户'),
  seg('loyal-customers', 'Loyal Customers', '忠诚客户'),
  seg('potential-loyalists', 'Potential Loyalists', '潜力客户'),
  seg('new-customers', 'New Customers', '新客户'),
  seg('promising', 'Promising', '有望客户'),
  seg('need-attention', 'Need Attention', '需关注客户'),
  seg('about-to-sleep', 'About to Sleep', '将沉睡客户'),
  seg('cant-lose-them', "Can't Lose Them", '不能失去的客户', true),
  seg('at-risk', 'At Risk', '流失风险客户', true),
  seg('hibernating', 'Hibernating', '休眠客户'),
];

/** Grid cell → segment index; rows R 1..5, columns F 1..5. */
const GRID_CELLS: number[][] = (() => {
  const [champ, loyal, potential, newc, promising, attention, sleep, cantLose, risk, hib] = GRID.map((_, i) => i);
  return [
    [hib, hib, risk, risk, cantLose], // R1
    [hib, hib, risk, risk, cantLose], // R2
    [sleep, sleep, attention, loyal, loyal], // R3
    [promising, potential, potential, loyal, loyal], // R4
    [newc, potential, potential, champ, champ], // R5
  ];
})();

/** Map a score on 1..bins onto 1..5 (identity for 5 bins). */
export function toFive(score: number, bins: number): number {
  return bins === 5 ? score : Math.round(1 + ((score - 1) * 4) / (bins - 1));
}

export function gridModel(rBins: number, fBins: number): SegmentModel {
  const notes: string[] = [];
  if (rBins !== 5 || fBins !== 5)
    notes.push(`the grid is defined on 1–5 scores: R 1–${rBins} and F 1–${fBins} were mapped linearly onto 1–5`);
  return {
    id: 'grid',
    segments: GRID,
    classify: (c) => GRID_CELLS[toFive(c.r, rBins) - 1][toFive(c.f, fBins) - 1],
    notes,
  };
}

/** The Chinese 8-class model, in order: 重要 before 一般, then 价值, 发展, 保持, 挽留. */
export const CN8: SegmentDef[] = [
  seg('important-value', 'Important Value', '重要价值客户'),
  seg('important-development', 'Important Development', '重要发展客户'),
  seg('important-retention', 'Important Retention', '重要保持客户', true),
  seg('important-winback', 'Important Win-back', '重要挽留客户', true),
  seg('general-value', 'General Value', '一般价值客户'),
  seg('general-development', 'General Development', '一般发展客户'),
  seg('general-retention', 'General Retention', '一般保持客户'),
  seg('general-winback', 'General Win-back', '一般挽留客户'),
];

export interface Splits {
  how: 'mean' | 'median';
  recency: number;
  frequency: number;
  monetary: number;
}

/**
 * cn8: R, F and M each high or low against the split (mean or median over all customers). A value equal
 * to the split counts as low: recency is high only with fewer days than the split, F and M only above it.
 */
export function cn8Model(s: Splits): SegmentModel {
  return {
    id: 'cn8',
    segments: CN8,
    classify: (c) => {
      const r = c.recency < s.recency;
      const f = c.frequency > s.frequency;
      const m = c.monetary > s.monetary;
      return (m ? 0 : 4) + (r ? (f ? 0 : 1) : f ? 2 : 3);
    },
    notes: [],
  };
}

/** Mean or median (type 7) of each raw axis. */
export function computeSplits(
  how: 'mean' | 'median',
  recency: Float64Array,
  frequency: Float64Array,
  monetary: Float64Array,
): Splits {
  const centre = (v: Float64Array) => {
    if (v.length === 0) return 0;
    if (how === 'mean') {
      // Summed in whole money units and divided once: a float running sum of 0.01 + 0.05 + 0.09 puts the
      // mean of 0.05 below 0.05. (Days and orders are whole, so the same sum serves them.)
      let sum = 0;
      for (let i = 0; i < v.length; i++) sum += Math.round(v[i] * MONEY_SCALE);
      return sum / (v.length * MONEY_SCALE);
    }
    return quantile7(v.slice().sort(), 0.5);
  };
  return { how, recency: centre(recency), frequency: centre(frequency), monetary: centre(monetary) };
}

interface Rule {
  def: SegmentDef;
  r: [number, number];
  f: [number, number];
  m: [number, number];
}

const RULE_KEYS = new Set(['name', 'zh', 'en', 'r', 'f', 'm', 'important']);

/**
 * Custom rules (`--rules file.json`): `{"segments": [{"name": "…", "r": [4, 5], "f": "3-5", "m": 5}, …,
 * {"name": "Others"}]}` (or the array alone). Ordered, first match wins, ranges inclusive; an axis left
 * out matches every score. Every score combination must be matched (a catch-all rule); rules that can
 * never match are reported in the notes.
 */
export function rulesModel(file: string, text: string, bins: { r: number; f: number; m: number }): SegmentModel {
  const bad = (msg: string): never => {
    throw new UsageError(`--rules ${file}: ${msg}`);
  };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    bad(`not valid JSON (${(e as Error).message})`);
  }
  const list = Array.isArray(json) ? json : (json as { segments?: unknown })?.segments;
  if (!Array.isArray(list) || list.length === 0)
    bad('expected {"segments": [ {"name": …, "r": [lo, hi], "f": …, "m": …}, … ]}');
  const rules: Rule[] = (list as unknown[]).map((raw, i) => {
    const where = `segment ${i + 1}`;
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      bad(`${where}: expected an object, got ${JSON.stringify(raw)}`);
    const o = raw as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!RULE_KEYS.has(k)) bad(`${where}: unknown key '${k}' (known: ${[...RULE_KEYS].join(', ')})`);
    const name = o.name ?? o.en ?? o.zh;
    if (typeof name !== 'string' || !name.trim()) bad(`${where}: 'name' must be a non-empty string`);
    const label = (k: 'zh' | 'en') => {
      const v = o[k];
      if (v !== undefined && typeof v !== 'string') bad(`${where}: '${k}' must be a string`);
      return (v as string | undefined) ?? (name as string);
    };
    if (o.important !== undefined && typeof o.important !== 'boolean')
      bad(`${where}: 'important' must be true or false`);
    const range = (axis: 'r' | 'f' | 'm'): [number, number] => {
      const n = bins[axis];
      const v = o[axis];
      if (v === undefined) return [1, n];
      let lo: number;
      let hi: number;
      if (typeof v === 'number') lo = hi = v;
      else if (Array.isArray(v) && v.length === 2) [lo, hi] = v as [number, number];
      else if (typeof v === 'string' && /^\s*\d+\s*(-\s*\d+\s*)?$/.test(v)) {
        const [a, b] = v.split('-').map(Number);
        lo = a;
        hi = b ?? a;
      } else
        return bad(`${where} ('${name}'): '${axis}' must be a score, [lo, hi] or "lo-hi", got ${JSON.stringify(v)}`);
      if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo < 1 || hi > n || lo > hi)
        bad(`${where} ('${name}'): '${axis}' ${JSON.stringify(v)} is not a range within 1..${n}`);
      return [lo, hi];
    };
    const nm = name as string;
    const key =
      nm
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .slice(0, 60) // a file name, not the whole label
        .replace(/^-+|-+$/g, '') || `segment-${i + 1}`;
    return {
      def: seg(key, label('en'), label('zh'), Boolean(o.important)),
      r: range('r'),
      f: range('f'),
      m: range('m'),
    };
  });
  const inRange = (v: number, [lo, hi]: [number, number]) => v >= lo && v <= hi;
  const match = (c: { r: number; f: number; m: number }) => {
    for (let i = 0; i < rules.length; i++) {
      const x = rules[i];
      if (inRange(c.r, x.r) && inRange(c.f, x.f) && inRange(c.m, x.m)) return i;
    }
    return -1;
  };
  // Enumerate every score combination: find gaps (an error) and rules that are never first to match.
  const used = new Uint8Array(rules.length);
  for (let r = 1; r <= bins.r; r++)
    for (let f = 1; f <= bins.f; f++)
      for (let m = 1; m <= bins.m; m++) {
        const i = match({ r, f, m });
        if (i < 0) bad(`no segment matches scores R=${r} F=${f} M=${m}: add a catch-all last, e.g. {"name": "Others"}`);
        used[i] = 1;
      }
  const notes = rules
    .filter((_, i) => !used[i])
    .map((x) => `rule '${x.def.en}' can never match (earlier rules take all its scores)`);
  // Distinct keys for --split file names.
  const seen = new Map<string, number>();
  for (const x of rules) {
    const k = seen.get(x.def.key) ?? 0;
    seen.set(x.def.key, k + 1);
    if (k) x.def.key = `${x.def.key}-${k + 1}`;
  }
  return { id: 'rules', segments: rules.map((x) => x.def), classify: match, notes };
}

/** Read a rules file (a usage error when missing). */
export function loadRules(file: string, cwd: string, bins: { r: number; f: number; m: number }): SegmentModel {
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (e) {
    throw new UsageError(`--rules ${file}: cannot read (${(e as NodeJS.ErrnoException).code})`);
  }
  return rulesModel(file, text.replace(/^\uFEFF/, ''), bins);
}
