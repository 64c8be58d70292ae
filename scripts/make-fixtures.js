'use strict';
/**
 * Regenerates the bundled sample export and its truth file (seeded: the output is the same every run).
 *   fixtures/taobao-orders.csv           GB18030/GBK, Taobao 61-column layout, 3,000 orders, 600 customers
 *   fixtures/taobao-orders.truth.csv     customer, purchases, revenue — from the generator's own order list
 */
const fs = require('fs');
const path = require('path');
const { generate } = require('./gen-taobao');

const dir = path.join(__dirname, '..', 'fixtures');
const out = path.join(dir, 'taobao-orders.csv');
const { truth, purchases, revenueCents } = generate({
  rows: 3000,
  customers: 600,
  seed: 20241111,
  encoding: 'gb18030',
  out,
});
const lines = ['customer_id,orders,revenue'];
for (const [k, v] of [...truth].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  lines.push(`${k},${v.orders},${Math.floor(v.cents / 100)}.${String(v.cents % 100).padStart(2, '0')}`);
}
fs.writeFileSync(path.join(dir, 'taobao-orders.truth.csv'), lines.join('\n') + '\n');
console.log(`${out}: ${purchases} purchases, ${truth.size} customers, revenue ${(revenueCents / 100).toFixed(2)}`);
