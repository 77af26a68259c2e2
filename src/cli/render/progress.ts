/**
 * A one-line progress display on a terminal's stderr, redrawn at most every 100 ms. Off the terminal it
 * writes nothing: a pipe or a CI log would fill with carriage returns.
 */
import type { OutputStream } from '../io.ts';

export interface ProgressLine {
  update(text: string): void;
  /** Erases the line, so what follows starts on a clean one. */
  done(): void;
}

const REDRAW_MS = 100;

export function progressLine(
  stream: OutputStream,
  now: () => number = () => performance.now(),
): ProgressLine {
  if (stream.isTTY !== true) return { update: () => {}, done: () => {} };
  let last = Number.NEGATIVE_INFINITY;
  let shown = false;
  return {
    update(text) {
      const at = now();
      if (at - last < REDRAW_MS) return;
      last = at;
      shown = true;
      stream.write(`\r\u001b[2K${text}`);
    },
    done() {
      if (shown) stream.write('\r\u001b[2K');
      shown = false;
    },
  };
}
