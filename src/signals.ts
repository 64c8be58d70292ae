/**
 * SIGINT/SIGTERM. A JavaScript handler runs only when the event loop turns, which long synchronous work
 * (building and scoring millions of profiles, rendering them) does not let it do. So the handlers (remove temp
 * files, exit 130/143) are on only while reading (which turns the loop between chunks) and while a set of
 * outputs is renamed into place; in between, the signal's default action ends the run at once. No target is
 * touched then; a temp file left by a stop during rendering is removed by the next run that writes that target.
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
