/** The worker thread of a split read (see split.ts): reads the file from a row boundary past `start`. */
import { parentPort } from 'worker_threads';
import { CustomerIds } from '../model/ids';
import { OrderLines } from '../model/lines';
import { decoderFor } from './encoding';
import { ChunkReader } from './load';
import { OrderAssembler, SLOTS } from './normalize';
import { RowScanner } from './scan';
import { openRange } from './source';
import type { SplitJob } from './split';
import { makeZone } from './zone';

async function run(job: SplitJob): Promise<void> {
  const port = parentPort!;
  // Read from one byte before `start`: a line end there makes `start` itself a row start.
  const from = Math.max(0, job.start - 1);
  const reader = new ChunkReader(openRange(job.path, from), from);
  await reader.fill(1 << 20);
  const lf = reader.buf.indexOf(10, reader.pos);
  if (lf < 0) throw new Error('no line end near the middle');
  reader.pos = lf + 1;
  const lines = job.into ? OrderLines.onShared(job.into.lines, job.into.at) : new OrderLines();
  const ids = new CustomerIds();
  const zone = makeZone(job.tz);
  zone.ownOffsets = job.ownOffsets;
  const asm = new OrderAssembler({ ...job.cfg, zone, decode: decoderFor(job.encoding) }, lines, ids);
  const sc = new RowScanner(
    job.delimiter,
    job.quote,
    OrderAssembler.slotMap(job.cfg.roles, job.cfg.columns.length),
    SLOTS,
  );
  // The first row whose order differs from the row before it (every row, without order ids).
  let prev: number | null = null;
  let at = -1;
  for (;;) {
    const rowAt = reader.offsetAt(reader.pos);
    if ((await reader.row(sc, job.name)) === null) break;
    if (sc.blank) continue;
    const k = asm.orderHash(reader.buf, sc);
    if (prev !== null && (k < 0 || k !== prev)) {
      at = rowAt;
      break;
    }
    prev = k;
  }
  if (at < 0) {
    // No such row: the main thread reads to the end.
    port.postMessage({ type: 'boundary', at: reader.offsetAt(reader.pos) });
    port.postMessage({ type: 'done', lines: lines.part(), ids: ids.part(), stats: asm.stats });
    return;
  }
  port.postMessage({ type: 'boundary', at });
  reader.pos = at - reader.offsetAt(0);
  sc.setLine(1);
  await reader.each(
    sc,
    job.name,
    (buf) => asm.row(buf, sc),
    () => port.postMessage({ type: 'progress', bytes: reader.offsetAt(reader.pos) - at }),
  );
  asm.flush();
  // Lines still in the shared columns are joined there; else (they outgrew the room left for them) the arrays
  // are handed over, not copied (the worker is done with them). Ids are always handed over.
  const shared = job.into && lines.isOn(job.into.lines);
  const part = shared ? { shared: true as const, size: lines.size, regions: lines.regions } : lines.part();
  const idPart = ids.part();
  const transfer = new Set<ArrayBuffer>();
  for (const v of [...Object.values(part), ...Object.values(idPart)])
    if (ArrayBuffer.isView(v)) transfer.add(v.buffer as ArrayBuffer);
  port.postMessage({ type: 'done', lines: part, ids: idPart, stats: asm.stats }, [...transfer]);
}

// Started before the main thread knows the job (its modules load meanwhile); the job comes as a message.
parentPort!.once('message', (job: SplitJob) => {
  run(job).catch((e: Error) => parentPort!.postMessage({ type: 'failed', message: e.message }));
});
