/** A few spawned runs of the built binary: exit codes, --help, stdin, `| head`. */
import { execFileSync, spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT } from './helpers';

const bin = path.join(ROOT, 'bin', 'rfm');

beforeAll(() => {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'ignore' });
});

test('--help lists the commands and the exit codes', () => {
  const r = spawnSync('node', [bin, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/profiles/);
  expect(r.stdout).toMatch(/3 {2}input error/);
});

test('reads stdin with -, and a missing file exits 3 with one line', () => {
  const ok = spawnSync('node', [bin, 'profiles', '-', '-q'], { input: 'customer,date,amount\nx,2024-01-01,3\n', encoding: 'utf8' });
  expect(ok.status).toBe(0);
  expect(ok.stdout).toBe('customer_id,first_purchase,last_purchase,orders,revenue,aov,refunds,span_days,mean_gap_days\nx,2024-01-01,2024-01-01,1,3.00,3.00,0.00,0,\n');
  const bad = spawnSync('node', [bin, 'profiles', 'nope.csv'], { encoding: 'utf8' });
  expect(bad.status).toBe(3);
  expect(bad.stderr.trim().split('\n')).toEqual(['rfm: nope.csv: no such file']);
});

test('`| head` ends quietly with exit 0', () => {
  const r = spawnSync('bash', ['-c', `set -o pipefail; node ${bin} profiles ${path.join(ROOT, 'fixtures', 'taobao-orders.csv')} -q | head -2`], { encoding: 'utf8' });
  expect(r.stdout.split('\n').length).toBe(3);
  expect(r.stderr).toBe('');
});
