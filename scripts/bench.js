'use strict';
/**
 * npm run bench — rfm against DuckDB (the yardstick) and `cat` (the I/O floor), side by side on the same
 * seeded Taobao-like exports, in one run. Not a test: it prints a table (median wall time of 3 runs,
 * MB/s, rows/s, peak RSS from /usr/bin/time -v, ratio to DuckDB) and checks that rfm and DuckDB agree on
 * customers and total revenue to the cent.
 *
 *   node scripts/bench.js [--rows 1000000[,3000000]] [--runs 3] [--dir .bench]
 *
 * Files are generated into --dir (default .bench/, git-ignored) unless already present.
 */
const { execFileSync, spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');
const { generate } = require('./gen-taobao');

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : def; };
const ROWS = opt('rows', '1000000').split(',').map(Number);
const RUNS = Number(opt('runs', '3'));
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
  if (r.status !== 0) throw new Error(`${cmd} ${argv.join(' ')} failed: ${r.stderr.slice(-500)}`);
  const rss = Number(/Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr)[1]) / 1024;
  return { wall, rss };
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function measure(label, cmd, argv, bytes, rows) {
  const runs = [];
  for (let i = 0; i < RUNS; i++) runs.push(timed(cmd, argv));
  const wall = median(runs.map((r) => r.wall));
  return { label, wall, rss: Math.max(...runs.map((r) => r.rss)), mbs: bytes / 1e6 / wall, rowsPerS: rows / wall };
}

// DuckDB is the yardstick, not part of the tool, and not in package.json: its lock entries for other
// platforms' binaries break `npm ci` here. Install it beside the bench files on first use.
const DUCK_DIR = path.join(DIR, 'duckdb');
if (!fs.existsSync(path.join(DUCK_DIR, 'node_modules', '@duckdb', 'node-api'))) {
  fs.mkdirSync(DUCK_DIR, { recursive: true });
  process.stderr.write('installing @duckdb/node-api into ' + DUCK_DIR + ' …\n');
  execFileSync('npm', ['install', '--no-save', '--prefix', DUCK_DIR, '@duckdb/node-api@1.5.6-r.1'], { stdio: 'inherit' });
}
const duckScript = path.join(DIR, 'duck.js');
fs.writeFileSync(duckScript, `
const { DuckDBInstance } = require(${JSON.stringify(require.resolve('@duckdb/node-api', { paths: [DUCK_DIR] }))});
(async () => {
  const [file, out, enc] = process.argv.slice(2);
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run(\`COPY (
    SELECT "买家会员名" AS customer_id, min(day) AS first_purchase, max(day) AS last_purchase, count(*) AS orders,
           sum(amt) AS revenue, NTILE(5) OVER (ORDER BY sum(amt), "买家会员名") AS m_score
    FROM (SELECT "买家会员名", CAST(substr("订单创建时间", 1, 10) AS DATE) AS day,
                 CAST("买家实际支付金额" AS DECIMAL(18,2)) AS amt, "订单状态" AS st, CAST("退款金额" AS DECIMAL(18,2)) AS rf
          FROM read_csv('\${file}', all_varchar = true, header = true\${enc === 'utf8' ? '' : ", encoding = '" + enc + "'"}))
    WHERE st NOT IN ('等待买家付款', '交易关闭') AND NOT (rf > 0 AND amt = 0)
    GROUP BY 1 ORDER BY 1) TO '\${out}' (HEADER)\`);
})().catch((e) => { console.error(e.message); process.exit(1); });
`);

function totals(csvFile) {
  const lines = fs.readFileSync(csvFile, 'utf8').replace(/^\uFEFF/, '').split('\n').filter(Boolean);
  const h = lines[0].split(',');
  const iRev = h.indexOf('revenue');
  const iOrd = h.indexOf('orders');
  let cents = 0;
  let orders = 0;
  for (const l of lines.slice(1)) {
    const f = l.split(',');
    cents += Math.round(Number(f[iRev]) * 100);
    orders += Number(f[iOrd]);
  }
  return { customers: lines.length - 1, cents, orders };
}

const rowsOut = [];
for (const rows of ROWS) {
  for (const enc of ['utf8', 'gb18030']) {
    const { file, bytes, truth } = ensure(rows, enc);
    const rfmOut = path.join(DIR, 'rfm-out.csv');
    const duckOut = path.join(DIR, 'duck-out.csv');
    const cat = measure('cat > /dev/null', 'bash', ['-c', `cat '${file}' > /dev/null`], bytes, rows);
    const r = measure('rfm profiles', 'node', [path.join(ROOT, 'bin', 'rfm'), 'profiles', file, '-o', rfmOut, '-q'], bytes, rows);
    let d = null;
    try {
      d = measure('duckdb', 'node', [duckScript, file, duckOut, enc === 'utf8' ? 'utf8' : 'gb18030'], bytes, rows);
    } catch (e) {
      process.stderr.write(`duckdb on ${enc}: ${e.message.split('\n')[0]}\n`);
    }
    const a = totals(rfmOut);
    const agree = d ? (() => { const b = totals(duckOut); return a.customers === b.customers && a.cents === b.cents && a.orders === b.orders; })() : null;
    const truthOk = a.cents === truth.revenueCents && a.orders === truth.purchases;
    rowsOut.push({ rows, enc, bytes, cat, r, d, agree, truthOk, a });
  }
}

const f = (x, n = 2) => x.toFixed(n);
console.log(`\nrfm benchmark — ${new Date().toISOString().slice(0, 10)}, node ${process.version}, ${require('os').cpus().length} cores, median of ${RUNS}\n`);
console.log('| rows | encoding | MB | tool | wall s | MB/s | rows/s | peak RSS MiB | ÷ DuckDB |');
console.log('|---:|---|---:|---|---:|---:|---:|---:|---:|');
for (const x of rowsOut) {
  for (const m of [x.cat, x.r, x.d].filter(Boolean)) {
    const ratio = x.d ? f(m.wall / x.d.wall) : 'n/a';
    console.log(`| ${x.rows.toLocaleString('en-US')} | ${x.enc} | ${f(x.bytes / 1e6, 0)} | ${m.label} | ${f(m.wall)} | ${f(m.mbs, 0)} | ${Math.round(m.rowsPerS).toLocaleString('en-US')} | ${f(m.rss, 0)} | ${ratio} |`);
  }
  console.log(`|  |  |  | check | ${x.a.customers.toLocaleString('en-US')} customers, revenue ${(x.a.cents / 100).toFixed(2)}: rfm = generator truth: ${x.truthOk ? 'yes' : 'NO'}; rfm = DuckDB: ${x.agree === null ? 'n/a' : x.agree ? 'yes' : 'NO'} |  |  |  |  |`);
}
