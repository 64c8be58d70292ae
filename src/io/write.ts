/**
 * Output sinks. A regular file is written atomically: to a temp file in the folder of its real target (symlinks
 * followed), renamed over it only when complete, so a killed run never leaves a half file and the previous file
 * stays intact. Files that belong together (the report's --html/--md/--json, a --split folder) are staged first
 * and renamed together once every one is complete — a failure part-way leaves the previous set as it was.
 * Devices and FIFOs (`-o /dev/null`, `-o >(…)`) are written straight through, like the shell's `>`.
 * Before the renames the event loop is given one turn, so a SIGINT/SIGTERM that arrived while rendering is
 * acted on (temp files removed, previous outputs left) instead of after the targets were replaced.
 */
import { csvSync } from '../lazy';
import * as fs from 'fs';
import * as path from 'path';
import { OutputError, UsageError, errnoText } from '../errors';
import type { Runtime } from '../runtime';
import { armSignals, disarmSignals } from '../signals';

/** A function that writes the whole output through `write`. */
/** Renders an output through `write`: text, or bytes (a workbook). */
export type Render = (write: (s: string | Uint8Array) => void) => void;

const live = new Set<string>();

/** Paths written straight through, never renamed over: devices and descriptors (`/dev/stdout`, `/proc/self/fd/1`). */
const SPECIAL = /^\/(dev|proc)\//;

/** Temp files of outputs still being written (main removes them on SIGINT/SIGTERM). */
export function openTempFiles(): string[] {
  return [...live];
}

/** Long computing ahead: let a signal end the run at once. */
export function computingAhead(): void {
  disarmSignals(0);
}

/**
 * Let pending events run (a signal's handler among them): call before replacing any output. Two turns of
 * setImmediate: called from an I/O callback, the first one runs in the same loop iteration's check phase, before
 * any new poll for events; the second runs only after a poll has taken in a pending signal.
 */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(() => setImmediate(resolve)));
}

/**
 * The path a write to `abs` lands on: symlinks followed to their (possibly not yet existing) target — except
 * under /dev and /proc (`/dev/stdout`, `/dev/fd/3`), which are opened as they are, like the shell's `>`.
 */
export function realTarget(abs: string): string {
  if (SPECIAL.test(abs)) return abs;
  let p = abs;
  for (let i = 0; i < 40; i++) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch {
      return p;
    }
    if (!st.isSymbolicLink()) return p;
    p = path.resolve(path.dirname(p), fs.readlinkSync(p));
  }
  throw new OutputError(`${abs}: cannot write (${errnoText({ code: 'ELOOP' })})`);
}

/** Encodes text into one reused byte batch and writes it to a file descriptor. */
class FdWriter {
  private buf = Buffer.allocUnsafe(1 << 20);
  private at = 0;
  constructor(
    readonly fd: number,
    private readonly name: string,
  ) {}

  put(s: string | Uint8Array): void {
    if (typeof s !== 'string') {
      this.flush();
      return this.raw(Buffer.from(s.buffer, s.byteOffset, s.byteLength));
    }
    if (this.at + s.length * 3 > this.buf.length) {
      this.flush();
      if (s.length * 3 > this.buf.length) return this.raw(Buffer.from(s, 'utf8'));
    }
    this.at += this.buf.write(s, this.at);
  }

  flush(): void {
    this.raw(this.buf.subarray(0, this.at));
    this.at = 0;
  }

  private raw(b: Buffer): void {
    try {
      for (let o = 0; o < b.length;) o += fs.writeSync(this.fd, b, o, b.length - o);
    } catch (e) {
      throw new OutputError(`${this.name}: cannot write (${errnoText(e)})`);
    }
  }
}

/** One staged file: rendered into a temp file beside its target, renamed at commit. */
interface Staged {
  tmp: string;
  target: string;
  name: string;
}

function removeQuietly(p: string): void {
  try {
    fs.unlinkSync(p);
  } catch {
    /* already gone */
  }
}

/**
 * Files written together: `add` renders each one (into a temp file for a regular target, straight through
 * for a device or FIFO); `commit` renames every temp file over its target; `abort` removes them.
 */
export class OutputSet {
  private staged: Staged[] = [];

  constructor(private readonly rt: Runtime) {}

  /** Render `file` (relative to the working folder), starting with a UTF-8 BOM when `bom`; on failure the whole set is given up. */
  add(file: string, bom: boolean, render: Render): void {
    try {
      this.stage(file, bom, render);
    } catch (e) {
      this.abort();
      throw e;
    }
  }

  private stage(file: string, bom: boolean, render: Render): void {
    const target = realTarget(path.resolve(this.rt.cwd, file));
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(target);
    } catch {
      st = undefined;
    }
    if (st?.isDirectory()) throw new OutputError(`${file}: cannot write (is a folder)`);
    if ((st && !st.isFile()) || SPECIAL.test(target)) return this.direct(file, target, bom, render);
    const dir = path.dirname(target);
    removeStaleTemps(dir, path.basename(target));
    const tmp = path.join(dir, `.${path.basename(target)}.rfm-${process.pid}.tmp`);
    let fd: number;
    // Rendering runs without a turn of the event loop: a signal now takes its default action at once. The
    // target is untouched; the temp file left behind is removed by the next run writing this target.
    disarmSignals(0);
    try {
      fd = fs.openSync(tmp, 'w', st ? st.mode & 0o7777 : 0o666);
    } catch (e) {
      throw new OutputError(`${file}: cannot write (${errnoText(e)})`);
    }
    live.add(tmp);
    this.staged.push({ tmp, target, name: file });
    try {
      const w = new FdWriter(fd, file);
      if (bom) w.put('\uFEFF');
      render((s) => w.put(s));
      w.flush();
      fs.fsyncSync(fd);
    } catch (e) {
      throw e instanceof Error && 'code' in e ? new OutputError(`${file}: cannot write (${errnoText(e)})`) : e;
    } finally {
      try {
        fs.closeSync(fd);
      } catch {
        /* closed */
      }
    }
  }

  /** A device or FIFO: opened and written like the shell's `>` (nothing to stage or rename). */
  private direct(file: string, target: string, bom: boolean, render: Render): void {
    let fd: number;
    try {
      fd = fs.openSync(target, 'w');
    } catch (e) {
      throw new OutputError(`${file}: cannot write (${errnoText(e)})`);
    }
    try {
      const w = new FdWriter(fd, file);
      if (bom) w.put('\uFEFF');
      render((s) => w.put(s));
      w.flush();
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Give a pending signal its turn, then move every staged file into place. */
  async commit(): Promise<void> {
    // The renames put a set in place together: a signal now waits for them (or stops the run before them).
    armSignals();
    await yieldToEvents();
    for (const s of this.staged) {
      try {
        fs.renameSync(s.tmp, s.target);
      } catch (e) {
        this.abort();
        throw new OutputError(`${s.name}: cannot write (${errnoText(e)})`);
      }
      live.delete(s.tmp);
    }
    this.staged = [];
  }

  /** Remove every staged temp file; the targets keep their previous content. */
  abort(): void {
    for (const s of this.staged) {
      removeQuietly(s.tmp);
      live.delete(s.tmp);
    }
    this.staged = [];
  }
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
    removeQuietly(path.join(dir, name));
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

/** Write text to stdout in large pieces (a closed pipe or a full device is handled by main). */
function toStdout(rt: Runtime, bom: boolean, render: Render): void {
  let buf = bom ? '\uFEFF' : '';
  render((s) => {
    if (typeof s !== 'string') {
      if (buf) rt.stdout.write(buf);
      buf = '';
      rt.stdout.write(s);
      return;
    }
    buf += s;
    if (buf.length > 1 << 16) {
      rt.stdout.write(buf);
      buf = '';
    }
  });
  if (buf) rt.stdout.write(buf);
}

/** Write a whole output to `file` (atomically) or to stdout when no file (or `-`) is given. */
export async function writeAll(file: string | undefined, rt: Runtime, bom: boolean, render: Render): Promise<void> {
  if (!file || file === '-') return toStdout(rt, bom, render);
  await writeSet(rt, [{ file, bom, render }]);
}

/** Write several files as one set: all of them, or (on any failure) none. */
export async function writeSet(rt: Runtime, files: { file: string; bom: boolean; render: Render }[]): Promise<void> {
  const set = new OutputSet(rt);
  for (const f of files) set.add(f.file, f.bom, f.render);
  await set.commit();
}

/** The file names an `index.csv` of an earlier run lists (its `file` column); none if absent or unreadable. */
function listedFiles(index: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(index, 'utf8').replace(/^\uFEFF/, '');
  } catch {
    return [];
  }
  try {
    const rows = csvSync().parse(text, { columns: true, skip_empty_lines: true }) as Record<string, string>[];
    return rows
      .flatMap((r) => [r.file, r.holdout_file]) // holdout_file: the control group beside each (--holdout)
      .filter((f) => typeof f === 'string' && f === path.basename(f) && f !== '');
  } catch {
    return [];
  }
}

/**
 * A folder of files plus its `index.csv` (`--split DIR`), replaced as a set: every file is staged and renamed
 * together, then the files an earlier run's index listed that this run does not write are removed, and the
 * index goes last — the folder holds exactly what its index lists. `bom` starts the index and every file whose
 * own `bom` is unset (a workbook sets it false).
 */
export async function writeFolder(
  dir: string,
  files: { name: string; render: Render; bom?: boolean }[],
  index: Render,
  rt: Runtime,
  bom: boolean,
): Promise<void> {
  const abs = realTarget(path.resolve(rt.cwd, dir));
  try {
    fs.mkdirSync(abs, { recursive: true });
  } catch (e) {
    throw new OutputError(`--split ${dir}: cannot create the folder (${errnoText(e)})`);
  }
  const old = listedFiles(path.join(abs, 'index.csv'));
  const set = new OutputSet(rt);
  for (const f of files) set.add(path.join(abs, f.name), f.bom ?? bom, f.render);
  set.add(path.join(abs, 'index.csv'), bom, index);
  const keep = new Set(files.map((f) => f.name));
  await set.commit();
  for (const f of old) if (!keep.has(f) && f !== 'index.csv') removeQuietly(path.join(abs, f));
}

/** An output named on the command line: `-o`, `--html`, … or a `--split` folder. */
export interface OutputSpec {
  flag: string;
  path: string;
  folder?: boolean;
}

function identity(p: string): string | undefined {
  try {
    const st = fs.statSync(p);
    return `${st.dev}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * Checked before anything is read: an output may not be an input (the same file by any name), a file output
 * may not be a folder and its folder must exist, a --split folder may not hold an input, and no two outputs
 * may be the same file. Usage errors (exit 2).
 */
export function checkOutputs(inputs: string[], outputs: OutputSpec[], cwd: string): void {
  const ins = new Map<string, string>();
  for (const i of inputs) {
    if (i === '-') continue;
    const id = identity(path.resolve(cwd, i));
    if (id) ins.set(id, i);
  }
  const seen = new Map<string, string>();
  for (const o of outputs) {
    if (o.path === '-' || o.path === '') continue;
    const target = realTarget(path.resolve(cwd, o.path));
    const id = identity(target);
    if (o.folder) {
      if (id && !fs.statSync(target).isDirectory())
        throw new UsageError(`${o.flag} ${o.path}: is a file, not a folder`);
      for (const i of inputs) {
        if (i === '-') continue;
        const real = identity(path.resolve(cwd, i)) ? fs.realpathSync(path.resolve(cwd, i)) : undefined;
        if (real && id && path.dirname(real) === fs.realpathSync(target))
          throw new UsageError(`${o.flag} ${o.path}: the folder holds the input file ${i}: name another folder`);
      }
      continue;
    }
    if (id && ins.has(id))
      throw new UsageError(`${o.flag} ${o.path} is the input file ${ins.get(id)}: name another output file`);
    if (id && fs.statSync(target).isDirectory())
      throw new UsageError(`${o.flag} ${o.path}: is a folder: name a file in it`);
    if (!id) {
      const dir = path.dirname(target);
      if (!identity(dir)) throw new UsageError(`${o.flag} ${o.path}: folder ${path.dirname(o.path)} does not exist`);
      if (!fs.statSync(dir).isDirectory())
        throw new UsageError(`${o.flag} ${o.path}: ${path.dirname(o.path)} is not a folder`);
    }
    const key = id ?? target;
    if (seen.has(key)) throw new UsageError(`${o.flag} ${o.path} and ${seen.get(key)} name the same file`);
    seen.set(key, `${o.flag} ${o.path}`);
  }
}
