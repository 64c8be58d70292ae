// Runs queries on PGlite (Postgres in WASM) outside Jest's module sandbox, which cannot load it:
// node pglite-run.mjs LOG.csv QUERY.sql… → a JSON array with each query's rows (arrays of texts) on stdout.
// The log's columns become a table `purchases` of TEXT columns, as a CSV load leaves them.
import { readFileSync } from 'fs';
import { Blob } from 'buffer';
import { PGlite } from '@electric-sql/pglite';

const [log, ...queries] = process.argv.slice(2);
const pg = new PGlite();
const [head, ...lines] = readFileSync(log, 'utf8').trimEnd().split('\n');
await pg.exec(
  `CREATE TABLE purchases (${head
    .split(',')
    .map((c) => `${c} TEXT`)
    .join(', ')})`,
);
await pg.query(`COPY purchases FROM '/dev/blob' WITH (FORMAT csv)`, [], { blob: new Blob([lines.join('\n') + '\n']) });
const out = [];
for (const q of queries) out.push((await pg.query(readFileSync(q, 'utf8'), [], { rowMode: 'array' })).rows);
process.stdout.write(JSON.stringify(out));
await pg.close();
