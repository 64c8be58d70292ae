/**
 * SIGINT/SIGTERM. A JavaScript handler runs only when the event loop turns, which long synchronous work
 * (building and scoring millions of profiles) does not let it do. So the handlers (remove temp files, exit
 * 130/143) are installed only while there is something to clean up or a stream to finish reading; in between,
 * the signal's default action ends the run at once — nothing is half-written then, and no target is touched.
 */
type Handler = [NodeJS.Signals, () => void];

let handlers: Handler[] = [];
let armed = false;

/** Install the process's handlers (bin/rfm only; in-process runs have none). */
export function installSignalHandlers(list: Handler[]): void {
  handlers = list;
  armed = false;
  armSignals();
}

/** Handlers on: before a temp file is made. */
export function armSignals(): void {
  if (armed) return;
  for (const [sig, h] of handlers) process.on(sig, h);
  armed = true;
}

/** Handlers off, so a signal ends computing at once; only when no temp file is open (`openTemps` is 0). */
export function disarmSignals(openTemps: number): void {
  if (!armed || openTemps > 0) return;
  for (const [sig, h] of handlers) process.removeListener(sig, h);
  armed = false;
}
