/**
 * Output sinks. A file is written atomically: to a temp file in the same folder, renamed over the target
 * only when complete, so a killed run never leaves a half file and the previous file stays intact.
 * stdout is written in large chunks; a closed pipe (`| head`) is handled by main.
 */
import * as fs from 'fs';
import * as path from 'path';
import { InputError } from '../errors';
import type { Runtime } from '../runtime';

export interface Sink {
  write(s: string): void;
  /** Finish: flush and (for a file) move it into place. */
  close(): void;
  /** Give up: remove the temp file. */
  abort(): void;
}

const live = new Set<string>();

/** Temp files of sinks still open (main removes them on SIGINT/SIGTERM). */
export function openTempFiles(): string[] {
  return [...live];
}

/** A sink for `-o FILE` (atomic), or stdout when no file is given. `bom` starts the output with a UTF-8 BOM. */
export function openSink(file: string | undefined, rt: Runtime, bom = false): Sink {
  if (!file || file === '-') {
    let buf = bom ? '\uFEFF' : '';
    return {
      write(s) {
        buf += s;
        if (buf.length > 1 << 16) {
          rt.stdout.write(buf);
          buf = '';
        }
      },
      close() {
        if (buf) rt.stdout.write(buf);
        buf = '';
      },
      abort() {
        buf = '';
      },
    };
  }
  const target = path.resolve(rt.cwd, file);
  const dir = path.dirname(target);
  if (!fs.existsSync(dir)) throw new InputError(`${file}: folder ${path.dirname(file)} does not exist`);
  removeStaleTemps(dir, path.basename(target));
  const tmp = path.join(dir, `.${path.basename(target)}.rfm-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = fs.openSync(tmp, 'w');
  } catch (e) {
    throw new InputError(`${file}: cannot write (${(e as NodeJS.ErrnoException).code})`);
  }
  live.add(tmp);
  // Text is encoded into one reused byte batch as it comes (no growing string to flatten and encode).
  const buf = Buffer.allocUnsafe(1 << 20);
  let at = 0;
  const flush = () => {
    for (let o = 0; o < at;) o += fs.writeSync(fd, buf, o, at - o);
    at = 0;
  };
  const put = (s: string) => {
    if (at + s.length * 3 > buf.length) {
      flush();
      if (s.length * 3 > buf.length) return void fs.writeSync(fd, s);
    }
    at += buf.write(s, at);
  };
  if (bom) put('\uFEFF');
  return {
    write: put,
    close() {
      flush();
      fs.fsyncSync(fd);
      fs.closeSync(fd);
      fs.renameSync(tmp, target);
      live.delete(tmp);
    },
    abort() {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
      try {
        fs.unlinkSync(tmp);
      } catch {
        /* already gone */
      }
      live.delete(tmp);
    },
  };
}

/**
 * Remove temp files of earlier runs writing the same target whose process is gone (killed with SIGKILL,
 * which no handler sees). A temp file of a live process is left alone.
 */
function removeStaleTemps(dir: string, base: string): void {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  const prefix = `.${base}.rfm-`;
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -4));
    if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || alive(pid)) continue;
    try {
      fs.unlinkSync(path.join(dir, name));
    } catch {
      /* gone already */
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Write a whole output through a sink, removing the temp file if rendering fails. */
export function writeAll(
  file: string | undefined,
  rt: Runtime,
  bom: boolean,
  fn: (write: (s: string) => void) => void,
): void {
  const sink = openSink(file, rt, bom);
  try {
    fn((s) => sink.write(s));
    sink.close();
  } catch (e) {
    sink.abort();
    throw e;
  }
}
