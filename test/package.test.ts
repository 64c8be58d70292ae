/**
 * The package as a user gets it: `npm pack`, then the tarball installed (1) as a dependency of a fresh project
 * and (2) globally with `--ignore-scripts` (npm's allow-scripts policy). Both must read a 50,000-row workbook with
 * Chinese names (UTF-8 in the sheet XML, characters straddling every chunk boundary) exactly as the same rows in
 * CSV read by this checkout. Nothing may depend on an install step of ours.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { ROOT, rfm, tmpDir } from './helpers';

const npm = (args: string[], cwd: string) =>
  execFileSync('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_update_notifier: 'false' },
  }).toString();

test('the packed tarball, as a dependency and installed with --ignore-scripts, reads a Chinese workbook', async () => {
  const dir = tmpDir('rfm-pack-');
  const header = ['订单编号', '买家会员名', '订单创建时间', '买家实际支付金额'];
  const rows = Array.from({ length: 50000 }, (_, i) => [
    `T${100000 + i}`,
    `${'陈林黄周吴徐孙马朱胡'[i % 10]}${String.fromCharCode(0x4e00 + ((i * 7) % 20000))}娜_${i % 23456}`,
    `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00`,
    (i % 997) + 0.5,
  ]);
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('订单');
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  const xlsx = path.join(dir, 'orders.xlsx');
  await wb.xlsx.writeFile(xlsx);
  const csv = path.join(dir, 'orders.csv');
  fs.writeFileSync(csv, [header, ...rows].map((r) => r.join(',')).join('\n') + '\n');
  const want = await rfm(['profiles', csv, '--format', 'csv', '-q', '--no-bom']);
  expect(want.code).toBe(0);
  expect(want.out.split('\n').length).toBeGreaterThan(20000);

  const tgz = npm(['pack', '--pack-destination', dir, ROOT], ROOT).trim().split('\n').pop()!;
  const tarball = path.join(dir, tgz);
  const app = path.join(dir, 'app');
  fs.mkdirSync(app);
  fs.writeFileSync(path.join(app, 'package.json'), '{"name":"app","version":"1.0.0","private":true}\n');
  npm(['install', tarball], app);
  const global = path.join(dir, 'global');
  npm(['install', '-g', '--prefix', global, '--ignore-scripts', tarball], dir);

  for (const bin of [path.join(app, 'node_modules', '.bin', 'rfm'), path.join(global, 'bin', 'rfm')]) {
    const r = spawnSync(bin, ['profiles', xlsx, '--format', 'csv', '-q', '--no-bom'], { cwd: dir, maxBuffer: 1 << 28 });
    expect(r.stderr.toString()).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toBe(want.out);
  }
}, 300000);
