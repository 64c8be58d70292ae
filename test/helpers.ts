/** Test helpers: a fake runtime capturing output, temp files, and the shared data folder. */
import { parse } from 'csv-parse/sync';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { PassThrough, Readable } from 'stream';
import { main } from '../src/main';
import type { Runtime } from '../src/runtime';

export const ROOT = path.join(__dirname, '..');
export const SHARED = path.join(ROOT, '..', 'shared', 'data');
export const hasShared = fs.existsSync(SHARED);

/** Run rfm in-process; returns exit code, stdout and stderr. */
export async function rfm(
  args: string[],
  stdin: string | Buffer = '',
  cwd = ROOT,
): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const rt: Runtime = {
    stdin: Readable.from([Buffer.from(stdin)]),
    stdout,
    stderr,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    env: {},
    cwd,
    now: () => new Date('2026-11-22T12:00:00Z'),
  };
  const code = await main(args, rt);
  return { code, out, err };
}

let suiteDir: string | undefined;
// Registered when a test file imports the helpers (hooks cannot be added from inside a test).
afterAll(() => {
  if (suiteDir) fs.rmSync(suiteDir, { recursive: true, force: true });
  suiteDir = undefined;
});

/**
 * A new empty folder for this test file. Every temp folder of a test file lives below one folder that is removed
 * after the file's tests (and the whole run's temp root is removed by the global teardown).
 */
export function tmpDir(prefix = 'rfm-test-'): string {
  suiteDir ??= fs.mkdtempSync(path.join(os.tmpdir(), 'rfm-suite-'));
  return fs.mkdtempSync(path.join(suiteDir, prefix));
}

/** Write a temp file (in a folder of its own) with the given content; returns its path. */
export function tmpFile(name: string, content: string | Buffer): string {
  const p = path.join(tmpDir(), name);
  fs.writeFileSync(p, content);
  return p;
}

/** Parse simple CSV output (our own writer's quoting) into objects. */
export function parseCsv(text: string): Record<string, string>[] {
  return parse(text, { columns: true, bom: true });
}
