/**
 * One language, chosen once: --lang zh|en on every command; screens and the report in that language; the report's
 * legend tells the colliding words apart.
 */
import * as path from 'path';
import { ROOT, rfm, tmpFile } from './helpers';

const F = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
const CJK = /[\u3000-\u9fff\uff00-\uffef]/;

test('every command takes --lang zh and --lang en', async () => {
  const contacted = tmpFile('lang-contacted.csv', 'customer_id\n何丽伟_156\n');
  const runs: string[][] = [
    ['inspect', F],
    ['profiles', F],
    ['segment', F],
    ['dormant', F],
    ['summary', F],
    ['crowd', F, '--tag', 'repeat'],
    ['tiers', F, '--levels', '500,2000'],
    ['report', F],
    ['cohort', F],
    ['log', F],
    ['predict', F],
    ['campaign', F, '--contacted', contacted, '--since', '2024-10-01'],
    ['sql', '--dialect', 'duckdb'],
  ];
  for (const args of runs)
    for (const lang of ['zh', 'en']) {
      const r = await rfm([...args, '--lang', lang, '-q']);
      expect([args[0], lang, r.code, r.err]).toEqual([args[0], lang, 0, '']);
    }
});

test('summary and segment screens: English words only with --lang en, Chinese headings with --lang zh', async () => {
  for (const cmd of ['summary', 'segment']) {
    const en = (await rfm([cmd, F, '--format', 'table', '--lang', 'en', '-q'])).out;
    // Segment labels are the English ones; tag counts name no province: nothing Chinese is left.
    expect([cmd, en.split('\n').filter((l) => CJK.test(l))]).toEqual([cmd, []]);
    const zh = (await rfm([cmd, F, '--format', 'table', '--lang', 'zh', '-q'])).out;
    expect(zh).toMatch(/^截至 2024-12-31 \(输入中最近一次购买的日期\)/);
    expect(zh.split('\n')[0]).not.toMatch(/the latest purchase in the input|customers|revenue|purchases/);
  }
});

test('the report names its as-of source in its language and ends with a legend of the colliding words', async () => {
  const zh = (await rfm(['report', F, '--format', 'md', '--lang', 'zh', '-q'])).out;
  expect(zh).not.toMatch(/the latest purchase in the input/);
  const legendZh = zh.slice(zh.indexOf('## 名词说明'));
  expect(legendZh).toMatch(/「沉睡」.*90–180 天前/);
  expect(legendZh).toMatch(/「休眠客户」：R、F 评分都低.*「将沉睡客户」/);
  expect(legendZh).toMatch(/「常客」（标签 loyal）：购买 3 次及以上，与分层「忠诚客户」不同/);
  const en = (await rfm(['report', F, '--format', 'md', '--lang', 'en', '--days', '60', '-q'])).out;
  const legendEn = en.slice(en.indexOf('## Words used'));
  expect(legendEn).toMatch(/"Regular \(3\+\)" \(tag loyal\): 3 or more purchases — not the segment Loyal Customers/);
  expect(legendEn).toMatch(/Hibernating: R and F scores low/);
  expect(legendEn).toMatch(/last purchase 60–180 days ago/);
  const html = (await rfm(['report', F, '--format', 'html', '--lang', 'zh', '-q'])).out;
  expect(html).toMatch(/<h2>名词说明<\/h2><ul class="legend"><li>「沉睡」/);
});

test('cohort, tiers, predict, campaign and inspect screens, the input line, "wrote" and help headings follow --lang', async () => {
  const contacted = tmpFile('lang-contacted2.csv', 'customer_id\n何丽伟_156\n何伟伟_16\n');
  const screens: [string[], RegExp[], RegExp[]][] = [
    [
      ['cohort', F],
      [/^cohorts by month of first purchase/m, /^columns: months since the first purchase/m],
      [/^按首次购买月份划分的客群/m, /^列：首次购买后的第几个月/m],
    ],
    [
      ['tiers', F, '--levels', '500,2000'],
      [/^as of 2024-12-31 · levels by spend/m, /threshold \(spend\)/],
      [/^截至 2024-12-31 · 等级按消费金额/m, /门槛（消费金额）/],
    ],
    [
      ['predict', F],
      [/^top customers by clv/m, /· 31 iterations ·/],
      [/^按预测价值（clv）排序的客户/m, /· 31 次迭代 ·/],
    ],
    [
      ['campaign', F, '--contacted', contacted, '--since', '2024-10-01'],
      [/^campaign sent 2024-10-01/m, /^no holdout given/m],
      [/^活动发送于 2024-10-01/m, /^未给出对照组/m],
    ],
    [
      ['inspect', F],
      [/^encoding +gb18030/m, /^excluded\n +unpaid: 139 rows/m],
      [/^编码 +gb18030/m, /^已排除\n +未付款：139 行/m],
    ],
  ];
  for (const [args, en, zh] of screens) {
    const e = await rfm([...args, '--format', args[0] === 'inspect' ? 'text' : 'table', '--lang', 'en']);
    const z = await rfm([...args, '--format', args[0] === 'inspect' ? 'text' : 'table', '--lang', 'zh']);
    for (const re of en) expect([args[0], e.out]).toEqual([args[0], expect.stringMatching(re)]);
    for (const re of zh) expect([args[0], z.out]).toEqual([args[0], expect.stringMatching(re)]);
    // Each language's headings are absent from the other's screen.
    for (const re of en) expect([args[0], z.out]).not.toEqual([args[0], expect.stringMatching(re)]);
    if (args[0] !== 'inspect') {
      expect(e.err).toMatch(/^rfm: .*: 3,000 rows → 2,639 purchases by 565 customers \(Taobao/);
      expect(z.err).toMatch(
        /^rfm: .*: 3,000 行 → 565 位客户的 2,639 次购买（Taobao.*已排除的行：未付款 139、已关闭 129、已退款 93/,
      );
    }
  }
  const out = tmpFile('lang-out.csv', '');
  expect((await rfm(['dormant', F, '--lang', 'zh', '-o', out])).err).toMatch(
    /^rfm: 已写入 .*lang-out\.csv（\d+ 行）$/m,
  );
  expect((await rfm(['dormant', F, '--lang', 'en', '-o', out])).err).toMatch(
    /^rfm: wrote .*lang-out\.csv \(\d+ rows\)$/m,
  );
  const help = (await rfm(['segment', '--help', '--lang', 'zh'])).out;
  for (const h of ['用法：', 'rfm segment 的选项：', '输出选项：', '输入选项（读取导出文件）：', '示例：', '退出码：'])
    expect(help).toContain(h);
  expect((await rfm(['segment', '--help'])).out).toMatch(/^Usage: rfm segment/);
});

test('the doubtful as-of warning in each language', async () => {
  const csv = tmpFile(
    'future.csv',
    'customer_id,order_id,order_date,amount\na,o1,2024-01-02,10\nb,o2,2024-02-03,20\nc,o3,2042-01-05,30\n',
  );
  const en = await rfm(['summary', csv, '--lang', 'en', '-q']);
  expect(en.err).toMatch(/^rfm: warning: the latest purchase \(2042-01-05\), used as the as-of day, is after today: /m);
  const zh = await rfm(['summary', csv, '--lang', 'zh', '-q']);
  expect(zh.err).toMatch(/^rfm: 警告：最近一次购买（2042-01-05）被用作截至日，但它晚于今天/m);
});
