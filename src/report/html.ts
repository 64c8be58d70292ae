/**
 * The weekly report as one self-contained HTML file: inline CSS and SVG charts drawn here (no script, no
 * network, no fonts to fetch). Every text that comes from the data is escaped. Each chart is an
 * `<svg data-chart="…">` so a browser test can find it.
 */
import { amount, count, pct } from './format';
import { ReportTable, Weekly, reportTables, words } from './weekly';
import type { Holdout } from '../model/predict/holdout';

/** Escape text for HTML element content and attribute values. */
export function esc(s: string | number): string {
  return String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}

const f1 = (v: number) => Number(v.toFixed(1));

const BLUE = '#3b6fd8';
const ORANGE = '#e8873a';
const INK = '#1f2430';
const MUTED = '#6b7280';
const GRID = '#e5e7eb';

function text(x: number, y: number, s: string | number, attrs = ''): string {
  return `<text x="${f1(x)}" y="${f1(y)}" ${attrs}>${esc(s)}</text>`;
}

/**
 * Axis ticks for counts from 0 to at least `max`: whole numbers in steps of 1, 2 or 5 × 10^k, about `n` of them
 * (a four-customer shop gets 0 1 2 3 4, not 0 0 1 1 1).
 */
export function countTicks(max: number, n = 4): number[] {
  const raw = Math.max(1, max) / n;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(
    1,
    [1, 2, 5, 10].map((m) => m * p).find((s) => s >= raw)!,
  );
  const ticks: number[] = [];
  for (let v = 0; ticks.length === 0 || ticks[ticks.length - 1] < Math.max(1, max); v += step) ticks.push(v);
  return ticks;
}

/** White → blue by share of the maximum. */
function heat(v: number, max: number): string {
  const t = max > 0 ? Math.sqrt(v / max) : 0;
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(247, 37)},${mix(249, 84)},${mix(252, 181)})`;
}

/** One cell of a heat map with its count (a muted grey cell for the diagonal of the movement matrix). */
function heatCell(x: number, y: number, size: number, v: number, max: number, title: string, muted: boolean): string {
  const dark = !muted && max > 0 && v / max > 0.35;
  const c = size - 2;
  let b = `<rect class="cell" x="${x}" y="${y}" width="${c}" height="${c}" rx="4" fill="${muted ? '#eef0f3' : heat(v, max)}"><title>${esc(`${title}: ${count(v)}`)}</title></rect>`;
  if (v)
    b += text(
      x + c / 2,
      y + size / 2 + 4,
      count(v),
      `text-anchor="middle" font-size="12" fill="${dark ? '#fff' : muted ? MUTED : INK}"`,
    );
  return b;
}

function svg(name: string, w: number, h: number, body: string, title: string): string {
  return `<svg data-chart="${name}" role="img" aria-label="${esc(title)}" viewBox="0 0 ${w} ${h}" width="100%" style="max-width:${w}px" xmlns="http://www.w3.org/2000/svg">${body}</svg>`;
}

/** Horizontal bars: each segment's share of customers and of revenue. */
function segmentChart(w: Weekly): string {
  const t = words(w.lang);
  const rows = w.segments;
  const left = 150;
  const width = 640;
  const barW = width - left - 70;
  const rowH = 34;
  const top = 30;
  const h = top + rows.length * rowH + 10;
  const max = Math.max(0.0001, ...rows.flatMap((s) => [s.share, s.revenueShare]));
  let b = `<rect x="${left}" y="6" width="12" height="10" fill="${BLUE}"/>${text(left + 16, 15, t.customers, `font-size="12" fill="${MUTED}"`)}`;
  b += `<rect x="${left + 110}" y="6" width="12" height="10" fill="${ORANGE}"/>${text(left + 126, 15, t.revenueShare, `font-size="12" fill="${MUTED}"`)}`;
  rows.forEach((s, i) => {
    const y = top + i * rowH;
    b += text(
      left - 8,
      y + 17,
      s.segment,
      `text-anchor="end" font-size="13" fill="${INK}"${s.important ? ' font-weight="600"' : ''}`,
    );
    const c = (s.share / max) * barW;
    const r = (s.revenueShare / max) * barW;
    b += `<rect class="bar" x="${left}" y="${y + 3}" width="${f1(Math.max(c, 1))}" height="12" fill="${BLUE}"><title>${esc(`${s.segment}: ${count(s.customers)} ${t.customers} (${pct(s.share)})`)}</title></rect>`;
    b += text(left + c + 5, y + 13, pct(s.share), `font-size="11" fill="${MUTED}"`);
    b += `<rect class="bar" x="${left}" y="${y + 16}" width="${f1(Math.max(r, 1))}" height="12" fill="${ORANGE}"><title>${esc(`${s.segment}: ${amount(s.revenue)} (${pct(s.revenueShare)})`)}</title></rect>`;
    b += text(left + r + 5, y + 26, pct(s.revenueShare), `font-size="11" fill="${MUTED}"`);
  });
  return svg('segments', width, h, b, t.segments);
}

/** The R×F heat map: customers per recency score (rows, most recent on top) and frequency score. */
function gridChart(w: Weekly): string {
  const t = words(w.lang);
  const cell = 64;
  const left = 44;
  const top = 14;
  const cols = w.grid.f.length;
  const rows = w.grid.r.length;
  const max = Math.max(0, ...w.grid.counts.flat());
  let b = '';
  w.grid.counts.forEach((row, i) => {
    b += text(
      left - 10,
      top + i * cell + cell / 2 + 5,
      `R${w.grid.r[i]}`,
      `text-anchor="end" font-size="12" fill="${MUTED}"`,
    );
    row.forEach((v, j) => {
      const x = left + j * cell;
      const y = top + i * cell;
      b += heatCell(x, y, cell, v, max, `R${w.grid.r[i]} F${w.grid.f[j]}`, false);
    });
  });
  w.grid.f.forEach((f, j) => {
    b += text(
      left + j * cell + (cell - 2) / 2,
      top + rows * cell + 14,
      `F${f}`,
      `text-anchor="middle" font-size="12" fill="${MUTED}"`,
    );
  });
  return svg('rf-grid', left + cols * cell + 10, top + rows * cell + 24, b, t.grid);
}

/** Sleeping customers week by week (bars) with their share of the base (line). */
function trendChart(w: Weekly): string {
  const t = words(w.lang);
  const weeks = w.sleeping.weeks;
  const width = 640;
  const left = 56;
  const right = 48;
  const top = 20;
  const ph = 180;
  const h = top + ph + 40;
  // Whole-number ticks with headroom above the bars for their labels; the share line has its own scale.
  const ticks = countTicks(Math.max(1, ...weeks.map((x) => x.sleeping)) * 1.15);
  const maxN = ticks[ticks.length - 1];
  const maxS = Math.max(0.0001, ...weeks.map((x) => x.share)) * 1.6;
  const step = (width - left - right) / Math.max(1, weeks.length);
  let b = '';
  ticks.forEach((v, k) => {
    const y = top + ph - (ph * v) / maxN;
    const share = (maxS * k) / (ticks.length - 1);
    b += `<line x1="${left}" x2="${width - right}" y1="${f1(y)}" y2="${f1(y)}" stroke="${GRID}"/>`;
    b += text(left - 6, y + 4, count(v), `text-anchor="end" font-size="11" fill="${MUTED}"`);
    b += text(width - right + 6, y + 4, pct(share), `font-size="11" fill="${ORANGE}"`);
  });
  const pts: string[] = [];
  weeks.forEach((x, i) => {
    const bh = (x.sleeping / maxN) * ph;
    const cx = left + i * step + step / 2;
    b += `<rect class="bar" x="${f1(cx - step * 0.3)}" y="${f1(top + ph - bh)}" width="${f1(step * 0.6)}" height="${f1(Math.max(bh, 1))}" fill="${BLUE}" rx="2"><title>${esc(`${x.asOf}: ${count(x.sleeping)} (${pct(x.share)}); +${count(x.newlySleeping)} / −${count(x.wokenUp)} / ${t.newlyLost} ${count(x.newlyLost)}`)}</title></rect>`;
    b += text(cx, top + ph - bh - 4, count(x.sleeping), `text-anchor="middle" font-size="11" fill="${INK}"`);
    b += text(cx, top + ph + 16, x.asOf.slice(5), `text-anchor="middle" font-size="11" fill="${MUTED}"`);
    pts.push(`${f1(cx)},${f1(top + ph - (x.share / maxS) * ph)}`);
  });
  b += `<polyline class="line" points="${pts.join(' ')}" fill="none" stroke="${ORANGE}" stroke-width="2"/>`;
  for (const p of pts) {
    const [x, y] = p.split(',');
    b += `<circle cx="${x}" cy="${y}" r="3" fill="${ORANGE}"/>`;
  }
  b += text(left, h - 6, `${t.sleeping} (${t.customers})`, `font-size="11" fill="${BLUE}"`);
  b += text(width - right, h - 6, `${t.share}`, `text-anchor="end" font-size="11" fill="${ORANGE}"`);
  return svg('sleeping-trend', width, h, b, t.trend);
}

/** The Pareto curve: cumulative share of revenue against share of customers, highest revenue first. */
function paretoChart(w: Weekly): string {
  const t = words(w.lang);
  const size = 300;
  const left = 46;
  const top = 12;
  const X = (v: number) => left + v * size;
  const Y = (v: number) => top + size - v * size;
  let b = '';
  for (let k = 0; k <= 4; k++) {
    const v = k / 4;
    b += `<line x1="${X(0)}" x2="${X(1)}" y1="${f1(Y(v))}" y2="${f1(Y(v))}" stroke="${GRID}"/>`;
    b += text(X(0) - 6, Y(v) + 4, pct(v).replace('.0', ''), `text-anchor="end" font-size="11" fill="${MUTED}"`);
    b += text(X(v), Y(0) + 16, pct(v).replace('.0', ''), `text-anchor="middle" font-size="11" fill="${MUTED}"`);
  }
  b += `<line x1="${X(0)}" y1="${Y(0)}" x2="${X(1)}" y2="${Y(1)}" stroke="${MUTED}" stroke-dasharray="4 4"/>`;
  const pts = w.pareto.customerShare.map((c, i) => `${f1(X(c))},${f1(Y(w.pareto.revenueShare[i]))}`);
  b += `<polyline class="line" points="${pts.join(' ')}" fill="none" stroke="${BLUE}" stroke-width="2.5"/>`;
  // The top 20% as the headline figure counts them (the top ⌈n/5⌉ customers): a point on the curve.
  const n = w.totals.customers;
  const x20 = n ? Math.ceil(n * 0.2) / n : 0.2;
  const s20 = w.totals.top20RevenueShare;
  b += `<line x1="${f1(X(x20))}" x2="${f1(X(x20))}" y1="${Y(0)}" y2="${f1(Y(s20))}" stroke="${ORANGE}" stroke-dasharray="3 3"/>`;
  b += `<circle cx="${f1(X(x20))}" cy="${f1(Y(s20))}" r="4" fill="${ORANGE}"><title>${esc(`${t.top20}: ${pct(s20)}`)}</title></circle>`;
  b += text(
    X(x20) + 8,
    Y(s20) + 14,
    `${pct(x20).replace('.0', '')} → ${pct(s20)}`,
    `font-size="12" font-weight="600" fill="${ORANGE}"`,
  );
  b += text(X(0.5), top + size + 34, t.customers, `text-anchor="middle" font-size="11" fill="${MUTED}"`);
  return svg('pareto', left + size + 20, top + size + 40, b, t.pareto);
}

/** Segment movement as a matrix: last week's segment (rows) → this week's (columns). */
function movementChart(w: Weekly): string {
  const t = words(w.lang);
  const mv = w.movement;
  const cell = 46;
  const left = 170;
  const top = 130;
  const max = Math.max(0, ...mv.counts.flatMap((row, i) => row.filter((_, j) => i !== j)));
  let b = text(left, 14, `${t.thisWeek} →`, `font-size="12" font-weight="600" fill="${MUTED}"`);
  b += text(left - 8, top - 8, `${t.lastWeek} ↓`, `text-anchor="end" font-size="12" font-weight="600" fill="${MUTED}"`);
  mv.to.forEach((name, j) => {
    const x = left + j * cell + cell / 2;
    b += `<text x="${f1(x)}" y="${top - 8}" transform="rotate(-40 ${f1(x)} ${top - 8})" font-size="12" fill="${INK}">${esc(name)}</text>`;
  });
  mv.counts.forEach((row, i) => {
    const y = top + i * cell;
    b += text(left - 8, y + cell / 2 + 4, mv.from[i], `text-anchor="end" font-size="12" fill="${INK}"`);
    row.forEach((v, j) => {
      const x = left + j * cell;
      b += heatCell(x, y, cell, v, max, `${mv.from[i]} → ${mv.to[j]}`, i === j);
    });
  });
  return svg('movement', left + mv.to.length * cell + 10, top + mv.counts.length * cell + 10, b, t.movement);
}

/** Monthly cohorts (rows, newest on top) × months since the first purchase: the share of the cohort buying. */
function cohortChart(w: Weekly): string {
  const t = words(w.lang);
  const rows = w.cohorts;
  const months = Math.max(1, ...rows.map((r) => r.activeShare.length));
  const cell = 46;
  const left = 130;
  const top = 26;
  const max = Math.max(0, ...rows.flatMap((r) => r.activeShare));
  let b = text(left - 8, 16, t.cohort, `text-anchor="end" font-size="12" font-weight="600" fill="${MUTED}"`);
  for (let k = 0; k < months; k++)
    b += text(left + k * cell + (cell - 2) / 2, 16, `+${k + 1}`, `text-anchor="middle" font-size="12" fill="${MUTED}"`);
  rows.forEach((r, i) => {
    const y = top + i * cell;
    b += text(
      left - 8,
      y + cell / 2 + 4,
      `${r.cohort} · ${count(r.customers)}`,
      `text-anchor="end" font-size="12" fill="${INK}"`,
    );
    r.activeShare.forEach((v, k) => {
      const x = left + k * cell;
      const c = cell - 2;
      const dark = max > 0 && v / max > 0.35;
      const title = `${r.cohort} +${k + 1}: ${pct(v)} of ${count(r.customers)}${r.complete[k] ? '' : ' (running)'}`;
      b += `<rect class="cell" x="${x}" y="${y}" width="${c}" height="${c}" rx="4" fill="${heat(v, max)}"${r.complete[k] ? '' : ` stroke="${ORANGE}" stroke-dasharray="3 2"`}><title>${esc(title)}</title></rect>`;
      b += text(
        x + c / 2,
        y + cell / 2 + 4,
        pct(v).replace('%', ''),
        `text-anchor="middle" font-size="11" fill="${dark ? '#fff' : INK}"`,
      );
    });
  });
  return svg('cohorts', left + months * cell + 10, top + rows.length * cell + 10, b, t.cohorts);
}

/** Figures with their definitions as a list: a definition is a sentence, too long for a one-line table cell. */
function definitions(w: Weekly): string {
  const li = w.repurchase.figures.map(
    (f) => `<li><span>${esc(f.label)}</span><b>${esc(f.shown)}</b><span class="note">${esc(f.definition)}</span></li>`,
  );
  return `<ul class="defs">${li.join('')}</ul>`;
}

function table(tb: ReportTable): string {
  const cls = (i: number) => (tb.right[i] ? ' class="num"' : '');
  const th = tb.head.map((h, i) => `<th${cls(i)}>${esc(h)}</th>`).join('');
  const tr = tb.rows.map((r) => `<tr>${r.map((c, i) => `<td${cls(i)}>${esc(c)}</td>`).join('')}</tr>`).join('\n');
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${tr}\n</tbody></table></div>`;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;background:#f4f5f7;color:${INK};font:14px/1.5 -apple-system,"Segoe UI","PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC","WenQuanYi Micro Hei",Roboto,Helvetica,Arial,sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px}
header h1{margin:0 0 4px;font-size:24px}header p{margin:0;color:${MUTED}}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(160px,1fr));gap:12px;margin:20px 0}
.card{background:#fff;border-radius:10px;padding:14px 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
.card .v{font-size:22px;font-weight:650}.card .k{color:${MUTED};font-size:12px}
section{background:#fff;border-radius:10px;padding:18px 20px;margin:0 0 16px;box-shadow:0 1px 2px rgba(0,0,0,.06)}
section h2{font-size:16px;margin:0 0 12px}.row{display:grid;grid-template-columns:1fr 1fr;gap:16px}
@media (max-width:900px){.row{grid-template-columns:1fr}}
table{border-collapse:collapse;width:100%;font-size:13px;margin-top:12px}th,td{padding:6px 8px;border-bottom:1px solid ${GRID};text-align:left}
th{color:${MUTED};font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.note{color:${MUTED};font-size:12px}svg text{font-family:inherit}
.scroll{overflow-x:auto;-webkit-overflow-scrolling:touch}td,th{white-space:nowrap}
.defs{margin:0;padding:0;list-style:none}.defs li{display:grid;grid-template-columns:minmax(0,230px) 70px 1fr;gap:10px;align-items:baseline;padding:6px 0;border-bottom:1px solid ${GRID}}
.defs b{text-align:right;font-variant-numeric:tabular-nums}@media (max-width:560px){.defs li{grid-template-columns:1fr auto}.defs .note{grid-column:1 / -1}}
@media (max-width:560px){main{padding:12px}.cards{grid-template-columns:1fr 1fr;gap:8px}.card .v{font-size:18px}
section{padding:14px 12px}header h1{font-size:20px}}
`;

/** The whole report page. */
export function weeklyHtml(w: Weekly): string {
  const t = words(w.lang);
  const s = w.sleeping;
  const x = reportTables(w);
  const cards = [
    ...x.totals.rows,
    [`${t.sleeping} (${t.sleepingDef(s.days, s.maxDays)})`, `${count(s.customers)} · ${pct(s.share)}`],
  ];
  return page(
    w.lang === 'zh' ? 'zh-CN' : 'en',
    `${w.title} · ${w.asOf}`,
    `<header><h1>${esc(w.title)}</h1><p>${esc(w.file)} (${esc(w.platform)}) — ${esc(t.asOf)} <b>${esc(w.asOf)}</b> (${esc(w.asOfSource)})</p></header>
<div class="cards">${cards.map(([k, v]) => `<div class="card"><div class="v">${esc(v)}</div><div class="k">${esc(k)}</div></div>`).join('')}</div>
<section><h2>${esc(w.repurchase.title)}</h2>${definitions(w)}</section>
<section><h2>${esc(t.segments)}</h2>${segmentChart(w)}${table(x.segments)}</section>
<div class="row">
<section><h2>${esc(t.grid)}</h2>${gridChart(w)}</section>
<section><h2>${esc(t.pareto)}</h2>${paretoChart(w)}</section>
</div>
<section><h2>${esc(t.trend)}</h2><p class="note">${esc(x.sleepingLine)}</p>${trendChart(w)}${x.top.rows.length ? table(x.top) : ''}</section>
<section><h2>${esc(t.movement)}</h2><p class="note">${esc(x.movementLine)}</p>${movementChart(w)}${table(x.moves)}</section>
${w.cohorts.length ? `<section><h2>${esc(t.cohorts)}</h2>${cohortChart(w)}</section>` : ''}
<section><h2>${esc(t.legend)}</h2><ul class="legend">${w.legend.map((l) => `<li>${esc(l)}</li>`).join('')}</ul></section>
`,
  );
}

/** The holdout check of `rfm predict --holdout N --format html`: cumulative repeat purchases, actual vs predicted. */
export type TrackingPage = Omit<Holdout, 'calibrationEnd'> & {
  file: string;
  asOf: string;
  unit: string;
  model: string;
  calibrationEnd: string;
};

/** One self-contained page: the tracking chart (two lines) and the per-group table. */
export function trackingHtml(p: TrackingPage): string {
  const width = 640;
  const left = 64;
  const right = 20;
  const top = 20;
  const ph = 220;
  const h = top + ph + 44;
  const n = p.tracking.length;
  const ticks = countTicks(Math.max(1, ...p.tracking.map((x) => Math.max(x.actual, x.predicted))));
  const max = ticks[ticks.length - 1];
  const x = (k: number) => left + ((width - left - right) * k) / Math.max(1, n);
  const y = (v: number) => top + ph - (ph * v) / max;
  let b = '';
  for (const v of ticks) {
    b += `<line x1="${left}" x2="${width - right}" y1="${f1(y(v))}" y2="${f1(y(v))}" stroke="${GRID}"/>`;
    b += text(left - 6, y(v) + 4, count(v), `text-anchor="end" font-size="11" fill="${MUTED}"`);
  }
  const line = (key: 'actual' | 'predicted', color: string, dash: string) =>
    `<polyline class="line" data-series="${key}" points="${[`${f1(x(0))},${f1(y(0))}`, ...p.tracking.map((t) => `${f1(x(t.unit))},${f1(y(t[key]))}`)].join(' ')}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`;
  b += line('actual', BLUE, '');
  b += line('predicted', ORANGE, ' stroke-dasharray="6 4"');
  for (const k of [0, Math.round(n / 2), n])
    b += text(x(k), top + ph + 16, `${p.unit} ${k}`, `text-anchor="middle" font-size="11" fill="${MUTED}"`);
  b += text(left, h - 6, 'actual (cumulative repeat purchases)', `font-size="11" fill="${BLUE}"`);
  b += text(width - right, h - 6, 'predicted', `text-anchor="end" font-size="11" fill="${ORANGE}"`);
  const chart = svg('tracking', width, h, b, 'cumulative repeat purchases: actual and predicted');
  const groups = table({
    head: ['x (calibration repeat purchases)', 'customers', 'actual', 'predicted'],
    rows: p.groups.map((g) => [g.x, count(g.customers), count(g.actual), g.predicted.toFixed(1)]),
    right: [false, true, true, true],
  });
  const title = `Holdout check: ${p.model} fitted up to ${p.calibrationEnd}, checked to ${p.asOf}`;
  return page(
    'en',
    title,
    `<header><h1>${esc(title)}</h1><p>${esc(p.file)} — ${count(p.actual)} actual vs ${p.predicted.toFixed(1)} predicted repeat purchases (${pct(p.error)}), tracking MAPE ${pct(p.mape)}</p></header>
<section><h2>Cumulative repeat purchases, ${esc(p.unit)} by ${esc(p.unit)}</h2>${chart}</section>
<section><h2>By calibration-period repeat purchases</h2>${groups}</section>`,
  );
}

/** A self-contained page: the styles inline, no network. */
function page(lang: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}
