/**
 * Two threads on one file: a worker thread reads the second half of a large plain file into order lines of its
 * own while the main thread reads the first; its lines are then appended to the main thread's (ids renumbered,
 * line numbers shifted), and the purchase rules, which find an order by id wherever its rows are, see one file.
 *
 * The split is speculative and checked, so the result is always the one a single thread gets:
 * - the worker starts after the first line end past the middle and moves on to the first row that starts a
 *   new order (so an order's rows usually stay in one part); that offset is only a guess at a row start (a
 *   quoted cell may hold line ends), so the main thread, which reads every row from the top exactly, confirms
 *   that one of its rows starts there;
 * - a worker that fails for any reason (a malformed row, a bad cell under --strict, out of memory) is
 *   ignored, like a failed check: the main thread then reads the rest itself, and reports what it meets with
 *   the right line numbers.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { IdsPart } from '../model/ids';
import type { LinesPart, SharedLines } from '../model/lines';
import type { AssemblerConfig, ReadStats } from './normalize';

/** What the worker needs to read its part exactly as the main thread would. */
export interface SplitJob {
  /** Resolved path, and the name used in messages. */
  path: string;
  name: string;
  /** File offset to start looking for a row start. */
  start: number;
  delimiter: number;
  quote: number;
  /** Decoder of cell text, and the zone for dates. */
  encoding: string;
  tz: string;
  /** Times with an offset read on their own calendar (no --tz). */
  ownOffsets: boolean;
  cfg: Omit<AssemblerConfig, 'decode' | 'zone'>;
  /** Shared columns to write the part into from line `at` on (the main thread writes before it). */
  into?: { lines: SharedLines; at: number };
}

export interface Boundary {
  /** File offset of the first row the worker reads. */
  at: number;
}

export interface PartResult {
  /** The lines: in the shared columns (`size` of them from the job's `into.at`), or handed over. */
  lines: LinesPart | { shared: true; size: number; regions: string[] };
  ids: IdsPart;
  stats: ReadStats;
}

type Message =
  | { type: 'boundary'; at: number }
  | { type: 'progress'; bytes: number }
  | ({ type: 'done' } & PartResult)
  | { type: 'failed'; message: string };

/** The compiled worker script (absent when running from TypeScript sources, as under jest: no split). */
export function workerScript(): string | null {
  const p = path.join(__dirname, 'split-worker.js');
  return fs.existsSync(p) ? p : null;
}

export class Split {
  readonly boundary: Promise<Boundary | null>;
  readonly result: Promise<PartResult | null>;
  /** Bytes of its part the worker has read so far. */
  bytes = 0;
  /** Called on each progress report of the worker (the main thread may be done with its part and waiting). */
  onProgress?: () => void;
  /** Why the worker stopped early, when it did. */
  failure = '';
  private readonly worker: Worker;

  /** File offset from which the worker looks for its first row (set by begin). */
  start = 0;

  /** Start the worker thread; it loads its code while the caller works out the job. */
  constructor(script: string) {
    this.worker = new Worker(script);
    this.worker.unref(); // never what keeps the process alive
    let onBoundary!: (b: Boundary | null) => void;
    let onResult!: (r: PartResult | null) => void;
    this.boundary = new Promise((r) => (onBoundary = r));
    this.result = new Promise((r) => (onResult = r));
    const fail = (why: string) => {
      this.failure ||= why;
      onBoundary(null);
      onResult(null);
    };
    this.worker.on('message', (m: Message) => {
      if (m.type === 'boundary') onBoundary({ at: m.at });
      else if (m.type === 'progress') {
        this.bytes = m.bytes;
        this.onProgress?.();
      } else if (m.type === 'done') onResult({ lines: m.lines, ids: m.ids, stats: m.stats });
      else fail(m.message);
    });
    this.worker.on('error', (e) => fail(e.message));
    this.worker.on('exit', () => fail('exited'));
  }

  /** Give the worker its part to read. */
  begin(job: SplitJob): void {
    this.start = job.start;
    this.worker.postMessage(job);
  }

  /** Stop the worker (done, or its part is read by the main thread after all, or not needed). */
  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}
