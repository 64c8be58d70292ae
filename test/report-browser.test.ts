/**
 * The HTML report in a real browser: Debian's Chromium driven by playwright-core opens the file written by
 * `rfm report --html`, with the network cut off; every chart must render (an SVG with a real size and its
 * marks), nothing may be requested but the file itself, the console must stay free of errors, and a
 * buyer name carrying markup must come out as text. A full-page screenshot goes to test-output/.
 * CI (`.ci/run`) installs Chromium; elsewhere the test is skipped, with a message, when it is absent.
 */
import { chromium } from 'playwright-core';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, rfm, tmpFile } from './helpers';

const CHROMIUM = process.env.RFM_CHROMIUM ?? '/usr/bin/chromium';
const have = fs.existsSync(CHROMIUM);
if (!have && process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs Debian's chromium`);
if (!have) console.warn(`report-browser.test: ${CHROMIUM} not found, browser test skipped (apt-get install chromium)`);
const maybe = have ? test : test.skip;

const CHARTS: [string, string, number][] = [
  // chart, selector of its marks, at least this many
  ['segments', 'rect.bar', 10],
  ['rf-grid', 'rect.cell', 25],
  ['sleeping-trend', 'rect.bar', 8],
  ['pareto', 'polyline.line', 1],
  ['movement', 'rect.cell', 50],
];

async function openReport(file: string, width = 1200) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m: { type(): string; text(): string }) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
  });
  page.on('pageerror', (e: Error) => problems.push(`pageerror: ${e.message}`));
  page.on('dialog', (d: { message(): string; dismiss(): Promise<void> }) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  await page.route(
    '**/*',
    (route: { request(): { url(): string }; continue(): Promise<void>; abort(): Promise<void> }) => {
      const url = route.request().url();
      requests.push(url);
      return url.startsWith('file://') ? route.continue() : route.abort();
    },
  );
  await page.goto('file://' + file, { waitUntil: 'load' });
  return { browser, page, problems, requests };
}

describe('rfm report --html in Chromium', () => {
  maybe(
    'every chart renders, nothing is fetched, no console errors; screenshot saved',
    async () => {
      const out = tmpFile('report.html', '');
      const r = await rfm(['report', path.join(ROOT, 'fixtures', 'taobao-orders.csv'), '--html', out, '-q']);
      expect(r.code).toBe(0);
      const { browser, page, problems, requests } = await openReport(out);
      try {
        for (const [name, marks, min] of CHARTS) {
          const svg = page.locator(`svg[data-chart="${name}"]`);
          expect(await svg.count()).toBe(1);
          const box = await svg.boundingBox();
          expect(box && box.width > 200 && box.height > 100).toBe(true);
          expect(await svg.locator(marks).count()).toBeGreaterThanOrEqual(min);
        }
        // The headline numbers on the page are the report's own.
        const json = JSON.parse(
          (await rfm(['report', path.join(ROOT, 'fixtures', 'taobao-orders.csv'), '--format', 'json', '-q'])).out,
        );
        const cards = await page.locator('.card .v').allTextContents();
        expect(cards[0]).toBe(json.totals.customers.toLocaleString('en-US'));
        expect(requests.filter((u) => u !== 'file://' + out)).toEqual([]);
        expect(problems).toEqual([]);
        fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
        await page.screenshot({ path: path.join(ROOT, 'test-output', 'report.png'), fullPage: true });
      } finally {
        await browser.close();
      }
    },
    60000,
  );

  maybe(
    'at phone width (400 px) the page does not scroll sideways and table cells keep one line; screenshots',
    async () => {
      const out = tmpFile('report.html', '');
      const r = await rfm(['report', path.join(ROOT, 'fixtures', 'taobao-orders.csv'), '--html', out, '-q']);
      expect(r.code).toBe(0);
      fs.mkdirSync(path.join(ROOT, 'test-output'), { recursive: true });
      for (const width of [400, 1280]) {
        const { browser, page, problems } = await openReport(out, width);
        try {
          // The page itself fits; wide tables scroll inside their own box.
          const pageWidth = await page.evaluate('document.documentElement.scrollWidth');
          expect([width, pageWidth]).toEqual([width, width]);
          // No cell squeezed to a column of single characters: every cell is one line high.
          const tall = await page.evaluate(
            "[...document.querySelectorAll('td')].filter((td) => td.getBoundingClientRect().height > 40).length",
          );
          expect(tall).toBe(0);
          for (const [name] of CHARTS) {
            const box = await page.locator(`svg[data-chart="${name}"]`).boundingBox();
            expect(box!.width).toBeLessThanOrEqual(width);
            expect(box!.width).toBeGreaterThan(width === 400 ? 250 : 300);
          }
          expect(problems).toEqual([]);
          await page.screenshot({ path: path.join(ROOT, 'test-output', `report-${width}.png`), fullPage: true });
        } finally {
          await browser.close();
        }
      }
    },
    60000,
  );

  maybe(
    'a buyer name with markup is shown as text, not run',
    async () => {
      const csv =
        'order_id,customer,date,amount\n' +
        '1,"<img src=x onerror=alert(1)>",2024-01-05,10\n2,"<script>alert(2)</script>",2024-01-06,20\n' +
        '3,"=HYPERLINK(""http://x"",""y"")",2024-01-07,30\n4,plain,2024-03-01,5\n';
      const out = tmpFile('report.html', '');
      const r = await rfm([
        'report',
        tmpFile('orders.csv', csv),
        '--html',
        out,
        '--as-of',
        '2024-06-01',
        '--days',
        '60',
        '-q',
      ]);
      expect(r.code).toBe(0);
      const { browser, page, problems } = await openReport(out);
      try {
        const body = await page.locator('body').innerText();
        expect(body).toContain('<img src=x onerror=alert(1)>');
        expect(body).toContain('<script>alert(2)</script>');
        expect(await page.locator('img').count()).toBe(0);
        expect(await page.locator('script').count()).toBe(0);
        expect(problems).toEqual([]);
      } finally {
        await browser.close();
      }
    },
    60000,
  );
});
