// Runs queries on ClickHouse in process (chdb: not a dependency of rfm, ~550 MB; the test runs when it can be
// required, or from the folder CHDB_MODULE names): node chdb-run.js LOG.csv QUERY.sql… → a JSON array with each
// query's rows (arrays of texts). The log is read with every column a String, as a CSV load leaves it.
const { readFileSync } = require('fs');
const { query } = require(process.env.CHDB_MODULE || 'chdb');

const [log, ...queries] = process.argv.slice(2);
const head = readFileSync(log, 'utf8').split('\n', 1)[0].split(',');
const table = `file('${log.replace(/'/g, "\\'")}', 'CSVWithNames', '${head.map((c) => `${c} String`).join(', ')}')`;
const out = queries.map((q) => {
  const sql = readFileSync(q, 'utf8').replace(/\bFROM purchases\b/, `FROM ${table}`);
  const text = query(sql, 'JSONCompact');
  return JSON.parse(text).data.map((r) => r.map((v) => (v === null ? null : String(v))));
});
process.stdout.write(JSON.stringify(out));
