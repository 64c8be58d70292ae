/**
 * Signal handlers are on only while a temp file may need removing: during long computing a signal then ends
 * the run at once (the default action), which a JavaScript handler could not do before the computing ended.
 */
import { armSignals, disarmSignals, installSignalHandlers } from '../src/signals';

test('handlers are installed, lifted for computing, and put back before a temp file is made', () => {
  const before = process.listenerCount('SIGTERM');
  const h = () => undefined;
  installSignalHandlers([['SIGTERM', h]]);
  try {
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    disarmSignals(1); // a temp file is open: the handler must stay to remove it
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
    disarmSignals(0);
    expect(process.listenerCount('SIGTERM')).toBe(before);
    armSignals();
    armSignals();
    expect(process.listenerCount('SIGTERM')).toBe(before + 1);
  } finally {
    disarmSignals(0);
    installSignalHandlers([]);
  }
  expect(process.listenerCount('SIGTERM')).toBe(before);
});
