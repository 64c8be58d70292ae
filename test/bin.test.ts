/** A few spawned runs of the built binary: exit codes, --help, stdin, `| head`. */
import { spawn } from 'child_process';
import * as fs from 'fs';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { ROOT, tmpDir } from './helpers';

const bin = path.join(ROOT, 'bin', 'rfm');

test('--help lists the commands and the exit codes', () => {
  const r = spawnSync('node', [bin, '--help'], { encoding: 'utf8' });
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/profiles/);
  expect(r.stdout).toMatch(/3 {2}input error/);
});

test('reads stdin with -, and a missing file exits 3 with one line', () => {
  const ok = spawnSync('node', [bin, 'profiles', '-', '-q'], {
    input: 'customer,date,amount\nx,2024-01-01,3\n',
    encoding: 'utf8',
  });
  expect(ok.status).toBe(0);
  expect(ok.stdout).toBe(
    'customer_id,first_purchase,last_purchase,orders,revenue,aov,refunds,span_days,mean_gap_days,stage\nx,2024-01-01,2024-01-01,1,3.00,3.00,0.00,0,,new\n',
  );
  const bad = spawnSync('node', [bin, 'profiles', 'nope.csv'], { encoding: 'utf8' });
  expect(bad.status).toBe(3);
  expect(bad.stderr.trim().split('\n')).toEqual(['rfm: nope.csv: no such file']);
});

test('`| head` ends quietly with exit 0', () => {
  const r = spawnSync(
    'bash',
    ['-c', `set -o pipefail; node ${bin} profiles ${path.join(ROOT, 'fixtures', 'taobao-orders.csv')} -q | head -2`],
    { encoding: 'utf8' },
  );
  expect(r.stdout.split('\n').length).toBe(3);
  expect(r.stderr).toBe('');
});

describe('cron safety', () => {
  const fixture = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
  const cronEnv = { PATH: process.env.PATH, CI: 'true', HOME: tmpDir('home-'), TMPDIR: process.env.TMPDIR };

  test('a crontab-style run (no TTY, no stdin, CI=true) writes the same report files every time, nothing on stdout', () => {
    const dirs = [0, 1].map(() => tmpDir('rfm-cron-'));
    for (const dir of dirs) {
      const r = spawnSync(
        'node',
        [bin, 'report', fixture, '--as-of', '2024-12-31', '--html', 'r.html', '--md', 'r.md', '--json', 'r.json', '-q'],
        { cwd: dir, env: cronEnv, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
      );
      expect(r.status).toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe('');
    }
    for (const f of ['r.html', 'r.md', 'r.json']) {
      const a = fs.readFileSync(path.join(dirs[0], f));
      expect(a.length).toBeGreaterThan(1000);
      expect(fs.readFileSync(path.join(dirs[1], f)).equals(a)).toBe(true);
    }
  });

  /** Start writing a large -o file over `previous`, and send `signal` the moment the temp file appears. */
  async function killMidWrite(signal: NodeJS.Signals) {
    const dir = tmpDir('rfm-kill-');
    const input = path.join(dir, 'orders.csv');
    const lines = ['customer,date,amount'];
    for (let i = 0; i < 300000; i++) lines.push(`customer-${i},2024-0${1 + (i % 9)}-1${i % 10},${i % 500}.25`);
    fs.writeFileSync(input, lines.join('\n') + '\n');
    const out = path.join(dir, 'profiles.csv');
    fs.writeFileSync(out, 'previous\n');
    const child = spawn('node', [bin, 'profiles', input, '-o', out, '-q'], { stdio: 'ignore' });
    let sawTemp = false;
    const watcher = fs.watch(dir, (_e, name) => {
      if (!sawTemp && name && String(name).endsWith('.tmp')) {
        sawTemp = true;
        child.kill(signal);
      }
    });
    const [code, sig] = await new Promise<[number | null, string | null]>((resolve) =>
      child.on('exit', (c, g) => resolve([c, g])),
    );
    watcher.close();
    return { dir, out, sawTemp, code, sig, temps: fs.readdirSync(dir).filter((f) => f.endsWith('.tmp')) };
  }

  test("SIGKILL mid-write: the previous file is intact; the next run removes the dead run's temp file", async () => {
    const k = await killMidWrite('SIGKILL');
    expect(k.sawTemp).toBe(true);
    expect(k.code).toBe(null);
    expect(fs.readFileSync(k.out, 'utf8')).toBe('previous\n');
    expect(k.temps).toHaveLength(1); // nothing runs in a process killed with SIGKILL …
    const again = spawnSync('node', [bin, 'profiles', fixture, '-o', k.out, '-q'], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(fs.readdirSync(k.dir).filter((f: string) => f.endsWith('.tmp'))).toEqual([]); // … so the next run cleans up
    expect(fs.readFileSync(k.out, 'utf8')).toMatch(/^\uFEFFcustomer_id,/);
  }, 60000);

  test('SIGTERM mid-write ends the run at once (143 to a shell); previous file intact; next run cleans up', async () => {
    const sent = Date.now();
    const k = await killMidWrite('SIGTERM');
    expect(k.sawTemp).toBe(true);
    // Rendering turns no event loop: the signal's default action, not a handler after the render, ends it.
    expect([k.code, k.sig]).toEqual([null, 'SIGTERM']);
    expect(Date.now() - sent).toBeLessThan(15000);
    expect(fs.readFileSync(k.out, 'utf8')).toBe('previous\n');
    const again = spawnSync('node', [bin, 'profiles', fixture, '-o', k.out, '-q'], { encoding: 'utf8' });
    expect(again.status).toBe(0);
    expect(fs.readdirSync(k.dir).filter((f: string) => f.endsWith('.tmp'))).toEqual([]);
  }, 60000);

  test('SIGINT during the read stops the run promptly (exit 130) and leaves the previous output', async () => {
    const dir = tmpDir('rfm-int-');
    const input = path.join(dir, 'orders.csv');
    const fd = fs.openSync(input, 'w');
    for (let b = 0; b < 30; b++) {
      const lines: string[] = [];
      for (let i = b * 50000; i < (b + 1) * 50000; i++)
        lines.push(`customer-${i % 400000},o${i},2024-0${1 + (i % 9)}-1${i % 10},${i % 500}.25`);
      fs.writeSync(fd, (b ? '' : 'customer,order,date,amount\n') + lines.join('\n') + '\n');
    }
    fs.closeSync(fd);
    const out = path.join(dir, 'segments.csv');
    fs.writeFileSync(out, 'previous\n');
    const child = spawn('node', [bin, 'segment', input, '-o', out, '-q'], {
      stdio: 'ignore',
      env: { ...process.env, RFM_THREADS: '1' },
    });
    await new Promise((r) => setTimeout(r, 700));
    const sent = Date.now();
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    expect(code).toBe(130);
    expect(Date.now() - sent).toBeLessThan(1500);
    expect(fs.readFileSync(out, 'utf8')).toBe('previous\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['orders.csv', 'segments.csv']);
  }, 60000);
});

describe('outputs that are not regular files', () => {
  const fixture = path.join(ROOT, 'fixtures', 'taobao-orders.csv');
  const expected = () =>
    spawnSync('node', [bin, 'profiles', fixture, '-q', '--format', 'csv'], { encoding: 'utf8' }).stdout;

  test('-o onto a FIFO writes through it; the FIFO stays a FIFO', async () => {
    const dir = tmpDir('rfm-fifo-');
    const fifo = path.join(dir, 'out.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => (got += d));
    const done = new Promise((r) => reader.on('close', r));
    const r = spawnSync('node', [bin, 'profiles', fixture, '-o', fifo, '-q', '--format', 'csv', '--no-bom'], {
      encoding: 'utf8',
    });
    await done;
    expect(r.status).toBe(0);
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
    expect(got).toBe(expected());
  });

  test('-o /dev/null leaves the device a device', () => {
    const r = spawnSync('node', [bin, 'profiles', fixture, '-o', '/dev/null', '-q'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(fs.lstatSync('/dev/null').isCharacterDevice()).toBe(true);
  });

  test('-o onto a symlink replaces its target and keeps the link', () => {
    const dir = tmpDir('rfm-link-');
    const real = path.join(dir, 'real.csv');
    const link = path.join(dir, 'link.csv');
    fs.writeFileSync(real, 'previous\n');
    fs.symlinkSync('real.csv', link);
    const r = spawnSync('node', [bin, 'profiles', fixture, '-o', link, '-q', '--format', 'csv', '--no-bom'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'utf8')).toBe(expected());
    expect(fs.readdirSync(dir).sort()).toEqual(['link.csv', 'real.csv']);
  });

  test('a full stdout is one line and exit 5, never a stack trace', () => {
    for (const args of [['segment', fixture, '--format', 'csv', '-q'], ['--version'], ['--help']]) {
      const fd = fs.openSync('/dev/full', 'w');
      const r = spawnSync('node', [bin, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      fs.closeSync(fd);
      expect(r.stderr).toBe('rfm: cannot write to stdout (no space left on device)\n');
      expect(r.status).toBe(5);
    }
  });
});

describe('inputs that are pipes by name', () => {
  const fixture = path.join(ROOT, 'fixtures', 'refunds.csv');
  const want = () =>
    spawnSync('node', [bin, 'profiles', fixture, '-q', '--format', 'csv'], { encoding: 'utf8' }).stdout;

  test('process substitution <(…) and /dev/stdin fed by a pipe read like the file', () => {
    for (const script of [
      `node "${bin}" profiles <(cat "${fixture}") -q --format csv`,
      `cat "${fixture}" | node "${bin}" profiles /dev/stdin -q --format csv`,
    ]) {
      const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(want());
    }
  });
});
