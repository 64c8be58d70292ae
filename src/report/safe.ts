/**
 * Text for a terminal: control characters from the data (ESC sequences that set the window title, clear the
 * screen or write the clipboard; CR that overwrites a line) are shown escaped as `\xHH`; line ends and tabs
 * pass. With `colour`, colour codes (SGR, `ESC [ … m`) pass too, so our own colours survive.
 */

// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE = /\x1b\[[0-9;]*m|[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

const hex = (m: string) => `\\x${m.charCodeAt(0).toString(16).padStart(2, '0')}`;

/** `s` with every control character but LF and TAB (and, with `colour`, colour codes) escaped. */
export function termSafe(s: string, colour = false): string {
  return s.replace(UNSAFE, (m) => (m.length === 1 ? hex(m) : colour ? m : hex(m[0]) + m.slice(1)));
}
