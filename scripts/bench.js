'use strict';
/**
 * npm run bench — rfm against DuckDB (the yardstick) and `cat` (the I/O floor), side by side on the same
 * seeded Taobao-like exports, in one run. Not a test: it prints a table (median wall time of 3 runs, rfm and
 * DuckDB run in turns so a slow spell of the machine hits both; MB/s, rows/s, peak RSS from /usr/bin/time -v,
 * ratio to DuckDB, every run's time) and checks that rfm and DuckDB agree on
 * customers, orders and revenue to the cent, the top 10 customers, and every customer's NTILE r/f/m scores
 * (rfm segment --scoring ntile against the same NTILE query in SQL).
 *
 * Then an .xlsx workbook (--xlsx rows, default 200,000; 0 skips it) made from the first rows of the 1M UTF-8
 * file: rfm segment on the workbook and on the same rows as CSV, with peak RSS against the workbook's
 * unzipped size, and a check that both give the same output.
 *
 * Then every command on each size's UTF-8 file beside `rfm segment` (`--commands no` skips it; `--commands
 * 1000000` names the sizes): wall time, CPU seconds (user + system) and peak RSS, with their ratios to segment's.
 *
 * `--big 10000000,20000000` adds sizes measured on UTF-8 only, segment beside DuckDB, `--big-runs` times (1).
 *
 *   node scripts/bench.js [--rows 1000000[,3000000]] [--runs 3] [--big N,…] [--xlsx 200000] [--commands yes|no]
 *     [--dir .bench]
 *
 * Files are generated into --dir (default .bench/, git-ignored) unless already present.
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { generate } = require('./gen-taobao');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};
const ROWS = opt('rows', '1000000').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));
const XLSX_ROWS = Number(opt('xlsx', '200000'));
// Large sizes: UTF-8 only, `--big-runs` runs each (default 1), segment beside DuckDB.
const BIG = opt('big', '').split(',').filter(Boolean).map(Number);
const BIG_RUNS = Number(opt('big-runs', '1'));
const DIR = path.resolve(opt('dir', path.join(__dirname, '..', '.bench')));
const ROOT = path.join(__dirname, '..');
fs.mkdirSync(DIR, { recursive: true });

function ensure(rows, encoding) {
  const file = path.join(DIR, `taobao-${rows}-${encoding}.csv`);
  const meta = `${file}.json`;
  if (!fs.existsSync(meta)) {
    process.stderr.write(`generating ${file} …\n`);
    const r = generate({ rows, customers: Math.round(rows / 5), seed: 1, encoding, out: file, keepTruth: false });
    fs.writeFileSync(meta, JSON.stringify({ purchases: r.purchases, revenueCents: r.revenueCents }));
  }
  return { file, bytes: fs.statSync(file).size, truth: JSON.parse(fs.readFileSync(meta, 'utf8')) };
}

/** Run a command under /usr/bin/time -v; returns wall seconds and peak RSS in MiB. */
function timed(cmd, argv) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('/usr/bin/time', ['-v', cmd, ...argv], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) {
    // The command's own error line, not /usr/bin/time's report that follows it.
    const lines = r.stderr
      .split(/\n\s*Command (being timed|exited with non-zero status)/)[0]
      .split('\n')
      .filter((l) => l.trim());
    const own = lines.find((l) => /error/i.test(l)) ?? lines.pop() ?? '';
    throw new Error(`${cmd} ${argv.join(' ')} failed: ${own.slice(0, 300)}`);
  }
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]) / 1024;
  const cpu =
    Number(/User time \(seconds\): ([\d.]+)/.exec(r.stderr)[1]) +
    Number(/System time \(seconds\): ([\d.]+)/.exec(r.stderr)[1]);
  return { wall, rss, cpu };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function summarize(label, runs, bytes, rows) {
  const wall = median(runs.map((r) => r.wall));
  return {
    label,
    wall,
    cpu: median(runs.map((r) => r.cpu)),
    runs: runs.map((r) => r.wall),
    rss: Math.max(...runs.map((r) => r.rss)),
    mbs: bytes / 1e6 / wall,
    rowsPerS: rows / wall,
  };
}

function measure(label, cmd, argv, bytes, rows) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(timed(cmd, argv));
  return summarize(label, runs, bytes, rows);
}

/**
 * Measure commands in turns (a, b, a, b, …) rather than one after the other, so that a slow spell of this
 * shared machine weighs on all of them alike. A command that fails is reported and left out.
 */
function measureInTurns(cmds, bytes, rows, times = RUNS) {
  const runs = cmds.map(() => []);
  const failed = cmds.map(() => false);
  for (let i = 0; i < times; i++) {
    cmds.forEach((c, k) => {
      if (failed[k]) return;
      try {
        runs[k].push(timed(c.cmd, c.argv));
      } catch (e) {
        failed[k] = true;
        process.stderr.write(
          `${c.label} on ${path.basename(c.argv[c.argv.length - 3] ?? '')}: ${e.message.split('\n')[0]}\n`,
        );
      }
    });
  }
  return cmds.map((c, k) => (failed[k] ? null : summarize(c.label, runs[k], bytes, rows)));
}

// DuckDB is the yardstick, not part of the tool, and not in package.json: its lock entries for other
// platforms' binaries break `npm ci` here. Install it beside the bench files on first use.
const DUCK_DIR = path.join(DIR, 'duckdb');
if (!fs.existsSync(path.join(DUCK_DIR, 'node_modules', '@duckdb', 'node-api'))) {
  fs.mkdirSync(DUCK_DIR, { recursive: true });
  process.stderr.write('installing @duckdb/node-api into ' + DUCK_DIR + ' …\n');
  execFileSync('npm', ['install', '--no-save', '--prefix', DUCK_DIR, '@duckdb/node-api@1.5.6-r.1'], {
    stdio: 'inherit',
  });
}
const duckScript = path.join(DIR, 'duck.js');
fs.writeFileSync(
  duckScript,
  `
const { DuckDBInstance } = require(${JSON.stringify(require.resolve('@duckdb/node-api', { paths: [DUCK_DIR] }))});
(async () => {
  const [file, out, enc] = process.argv.slice(2);
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  // The equivalent of rfm segment --scoring ntile: per-customer aggregates, recency at the latest purchase,
  // NTILE(5) scores with ties broken by customer id, written as CSV.
  await c.run(\`COPY (
    WITH p AS (
      SELECT "买家会员名" AS customer_id, CAST(substr("订单创建时间", 1, 10) AS DATE) AS day,
             CAST("买家实际支付金额" AS DECIMAL(18,2)) AS amt, "订单状态" AS st, CAST("退款金额" AS DECIMAL(18,2)) AS rf
      FROM read_csv('\${file}', all_varchar = true, header = true\${enc === 'utf8' ? '' : ", encoding = '" + enc + "'"})),
    cu AS (
      SELECT customer_id, min(day) AS first_purchase, max(day) AS last_purchase, count(*) AS orders, sum(amt) AS revenue
      FROM p WHERE st NOT IN ('等待买家付款', '交易关闭') AND NOT (rf > 0 AND amt = 0) GROUP BY 1),
    a AS (SELECT max(last_purchase) AS as_of FROM cu)
    SELECT customer_id, first_purchase, last_purchase, orders, revenue, as_of - last_purchase AS recency_days,
           NTILE(5) OVER (ORDER BY as_of - last_purchase DESC, customer_id) AS r,
           NTILE(5) OVER (ORDER BY orders, customer_id) AS f,
           NTILE(5) OVER (ORDER BY revenue, customer_id) AS m
    FROM cu, a ORDER BY customer_id) TO '\${out}' (HEADER)\`);
})().catch((e) => { console.error(e.message); process.exit(1); });
`,
);

/**
 * Per-customer rows of an output CSV, keyed by customer id: [orders, revenue in cents, r, f, m]. Read in 16 MB
 * pieces cut at line ends (an output of millions of customers is too big to parse in one piece).
 */
function rowsOf(csvFile) {
  const { parse } = require('csv-parse/sync');
  const out = new Map();
  const fd = fs.openSync(csvFile, 'r');
  let header = null;
  let rest = Buffer.alloc(0);
  for (;;) {
    const chunk = Buffer.allocUnsafe(16 << 20);
    const n = fs.readSync(fd, chunk, 0, chunk.length, null);
    const buf = Buffer.concat([rest, chunk.subarray(0, n)]);
    const cut = n ? buf.lastIndexOf(10) + 1 : buf.length;
    rest = buf.subarray(cut);
    const recs = parse(buf.subarray(0, cut), { bom: true });
    for (const x of recs) {
      if (!header) {
        header = Object.fromEntries(x.map((h, i) => [h, i]));
        continue;
      }
      const v = (k) => x[header[k]];
      out.set(v('customer_id'), [Number(v('orders')), Math.round(Number(v('revenue')) * 100), v('r'), v('f'), v('m')]);
    }
    if (!n) break;
  }
  fs.closeSync(fd);
  return out;
}

/** Compare rfm's and DuckDB's results: customers, revenue to the cent, the top 10 by revenue, every score. */
function compare(a, b) {
  let cents = 0;
  let scoreDiff = 0;
  let rowDiff = 0;
  for (const [id, x] of a) {
    cents += x[1];
    const y = b.get(id);
    if (!y) {
      rowDiff++;
      continue;
    }
    if (x[0] !== y[0] || x[1] !== y[1]) rowDiff++;
    if (x[2] !== y[2] || x[3] !== y[3] || x[4] !== y[4]) scoreDiff++;
  }
  const top = (m) =>
    [...m]
      .sort((p, q) => q[1][1] - p[1][1] || (p[0] < q[0] ? -1 : 1))
      .slice(0, 10)
      .map((e) => e[0])
      .join('|');
  return { customers: a.size, cents, same: a.size === b.size && rowDiff === 0, scoreDiff, topSame: top(a) === top(b) };
}

const rowsOut = [];
for (const [rows, encs] of [...ROWS.map((r) => [r, ['utf8', 'gb18030']]), ...BIG.map((r) => [r, ['utf8']])]) {
  for (const enc of encs) {
    const { file, bytes, truth } = ensure(rows, enc);
    const rfmOut = path.join(DIR, 'rfm-out.csv');
    const duckOut = path.join(DIR, 'duck-out.csv');
    const cat = measure('cat > /dev/null', 'bash', ['-c', `cat '${file}' > /dev/null`], bytes, rows);
    const [r, d] = measureInTurns(
      [
        {
          label: 'rfm segment',
          cmd: 'node',
          argv: [path.join(ROOT, 'bin', 'rfm'), 'segment', file, '--scoring', 'ntile', '-o', rfmOut, '-q'],
        },
        { label: 'duckdb', cmd: 'node', argv: [duckScript, file, duckOut, enc === 'utf8' ? 'utf8' : 'gb18030'] },
      ],
      bytes,
      rows,
      BIG.includes(rows) && !ROWS.includes(rows) ? BIG_RUNS : RUNS,
    );
    if (!r) throw new Error('rfm segment failed');
    const ours = rowsOf(rfmOut);
    const a = compare(ours, d ? rowsOf(duckOut) : ours);
    a.orders = [...ours.values()].reduce((s, x) => s + x[0], 0);
    const agree = d ? a.same && a.topSame && a.scoreDiff === 0 : null;
    const truthOk = a.cents === truth.revenueCents && a.orders === truth.purchases;
    rowsOut.push({ rows, enc, bytes, cat, r, d, agree, truthOk, a });
  }
}

const f = (x, n = 2) => x.toFixed(n);
console.log(
  `\nrfm benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${require('os').cpus().length} cores, median of ${RUNS}\n`,
);
console.log('| rows | encoding | MB | tool | wall s | CPU s | MB/s | rows/s | peak RSS MiB | ÷ DuckDB |');
console.log('|---:|---|---:|---|---:|---:|---:|---:|---:|---:|');
for (const x of rowsOut) {
  for (const m of [x.cat, x.r, x.d].filter(Boolean)) {
    const ratio = x.d ? f(m.wall / x.d.wall) : 'n/a';
    console.log(
      `| ${x.rows.toLocaleString('en-US')} | ${x.enc} | ${f(x.bytes / 1e6, 0)} | ${m.label} | ${f(m.wall)} | ${f(m.cpu)} | ${f(m.mbs, 0)} | ${Math.round(m.rowsPerS).toLocaleString('en-US')} | ${f(m.rss, 0)} | ${ratio} |`,
    );
  }
  const turns = [x.r, x.d]
    .filter(Boolean)
    .map((m) => `${m.label} ${m.runs.map((w) => f(w)).join(' ')}`)
    .join('; ');
  console.log(`|  |  |  | runs in turns (s) | ${turns} |  |  |  |  |  |`);
  console.log(
    `|  |  |  | check | ${x.a.customers.toLocaleString('en-US')} customers, revenue ${(x.a.cents / 100).toFixed(2)}: rfm = generator truth: ${x.truthOk ? 'yes' : 'NO'}; rfm = DuckDB (customers, orders, revenue, top 10, NTILE r/f/m of every customer): ${x.agree === null ? 'n/a' : x.agree ? 'yes' : `NO (rows ${x.a.same ? 'same' : 'differ'}, top 10 ${x.a.topSame ? 'same' : 'differ'}, ${x.a.scoreDiff} customers with other scores)`} |  |  |  |  |  |`,
  );
}

/**
 * Every command on each size's UTF-8 file (--commands), in turns, beside `rfm segment` (#23: each within 1.3× of it in
 * time and memory). Outputs go to files in DIR; stdout is discarded.
 */
const COMMAND_ROWS = ((c) => (c === 'no' ? [] : c === 'yes' ? ROWS : c.split(',').map(Number)))(opt('commands', 'yes'));
function commandRows(rows) {
  const { file, bytes } = ensure(rows, 'utf8');
  const bin = path.join(ROOT, 'bin', 'rfm');
  const out = (name) => path.join(DIR, `cmd-${name}`);
  const list = [
    ['segment', ['--scoring', 'ntile', '-o', out('segment.csv')]],
    ['profiles', ['-o', out('profiles.csv')]],
    ['dormant', ['-o', out('dormant.csv')]],
    ['crowd', ['--tag', 'repeat', '-o', out('crowd.csv')]],
    ['summary', ['--format', 'json', '-o', out('summary.json')]],
    ['tiers', ['--by', 'spend', '--levels', '500,2000,5000', '-o', out('tiers.csv')]],
    ['report', ['--html', out('report.html'), '--json', out('report.json')]],
    ['cohort', ['-o', out('cohort.csv')]],
    ['log', ['-o', out('log.csv')]],
    ['predict', ['-o', out('predict.csv')]],
    ['inspect', ['-o', out('inspect.txt')]],
    ['segment -o .xlsx', ['--scoring', 'ntile', '-o', out('segment.xlsx')]],
  ];
  const cmds = list.map(([name, args]) => ({
    label: `rfm ${name}`,
    cmd: 'node',
    argv: [bin, name.split(' ')[0], file, ...args, '-q'],
  }));
  return { rows, results: measureInTurns(cmds, bytes, rows) };
}

/** The first `rows` data rows of a generated CSV as a CSV file and as an .xlsx workbook (ids as text,
 * amounts as numbers, times as date cells — as Excel keeps a Taobao report). */
async function ensureWorkbook(rows) {
  const src = ensure(1000000, 'utf8').file;
  const csv = path.join(DIR, `taobao-1000000-first-${rows}.csv`); // not taobao-ROWS-utf8.csv: --rows ROWS makes that
  const xlsx = path.join(DIR, `taobao-${rows}.xlsx`);
  if (fs.existsSync(xlsx) && fs.existsSync(csv)) return { csv, xlsx };
  process.stderr.write(`generating ${xlsx} …\n`);
  const { parse } = require('csv-parse');
  const ExcelJS = require('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: xlsx + '.tmp', useSharedStrings: true });
  const ws = wb.addWorksheet('订单报表');
  const out = fs.createWriteStream(csv + '.tmp');
  const parser = fs.createReadStream(src).pipe(parse({ relax_quotes: true, to_line: rows + 1 }));
  let header = null;
  let lines = [];
  const money = new Set(['买家应付货款', '买家应付邮费', '总金额', '买家实际支付金额', '退款金额', '打款商家金额']);
  const times = new Set(['订单创建时间', '订单付款时间', '确认收货时间']);
  for await (const rec of parser) {
    lines.push(rec.map((c) => (/[",\n\r]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(','));
    if (lines.length >= 10000) {
      out.write(lines.join('\n') + '\n');
      lines = [];
    }
    if (!header) {
      header = rec.map((h) => h.trim());
      ws.addRow(rec).commit();
      continue;
    }
    ws.addRow(
      rec.map((c, i) => {
        const h = header[i];
        if (c.startsWith('="')) return c.slice(2, -1);
        if (money.has(h) && c !== '') return Number(c);
        const m = times.has(h) && /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(c);
        if (m) return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
        return c;
      }),
    ).commit();
  }
  out.end(lines.join('\n') + '\n');
  await new Promise((r) => out.on('finish', r));
  ws.commit();
  await wb.commit();
  fs.renameSync(csv + '.tmp', csv);
  fs.renameSync(xlsx + '.tmp', xlsx);
  return { csv, xlsx };
}

async function unzippedSize(file) {
  const unzipper = require('unzipper');
  const d = await unzipper.Open.file(file);
  return d.files.reduce((s, f) => s + f.uncompressedSize, 0);
}

for (const size of COMMAND_ROWS) {
  const { rows, results } = commandRows(size);
  const seg = results[0];
  console.log(
    `\nEvery command — ${rows.toLocaleString('en-US')} rows (UTF-8), median of ${RUNS}, in turns; ratios to rfm segment\n`,
  );
  console.log('| command | wall s | CPU s | peak RSS MiB | wall ÷ segment | CPU ÷ segment | RSS ÷ segment |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const m of results.filter(Boolean))
    console.log(
      `| ${m.label} | ${f(m.wall)} | ${f(m.cpu)} | ${f(m.rss, 0)} | ${f(m.wall / seg.wall)} | ${f(m.cpu / seg.cpu)} | ${f(m.rss / seg.rss)} |`,
    );
}

(async () => {
  if (!XLSX_ROWS) return;
  const { csv, xlsx } = await ensureWorkbook(XLSX_ROWS);
  const bytes = fs.statSync(xlsx).size;
  const unzipped = await unzippedSize(xlsx);
  const outX = path.join(DIR, 'rfm-xlsx.csv');
  const outC = path.join(DIR, 'rfm-xlsx-csv.csv');
  const bin = path.join(ROOT, 'bin', 'rfm');
  const x = measure('rfm segment (.xlsx)', 'node', [bin, 'segment', xlsx, '-o', outX, '-q'], bytes, XLSX_ROWS);
  const c = measure(
    'rfm segment (same rows, .csv)',
    'node',
    [bin, 'segment', csv, '-o', outC, '-q'],
    fs.statSync(csv).size,
    XLSX_ROWS,
  );
  const same = fs.readFileSync(outX).equals(fs.readFileSync(outC));
  console.log(
    `\n.xlsx input — ${XLSX_ROWS.toLocaleString('en-US')} rows; workbook ${f(bytes / 1e6, 1)} MB, unzipped ${f(unzipped / 1e6, 1)} MB\n`,
  );
  console.log('| input | wall s | rows/s | peak RSS MiB | RSS ÷ unzipped size |');
  console.log('|---|---:|---:|---:|---:|');
  for (const m of [x, c])
    console.log(
      `| ${m.label} | ${f(m.wall)} | ${Math.round(m.rowsPerS).toLocaleString('en-US')} | ${f(m.rss, 0)} | ${f((m.rss * 1048576) / unzipped)} |`,
    );
  console.log(`|  | check: the workbook's output equals the CSV's: ${same ? 'yes' : 'NO'} |  |  |  |`);
})().catch((e) => {
  console.error(e);
  process.exit(1);
});
