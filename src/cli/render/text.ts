/** Small text helpers shared by the human-readable renderers. */

/** "a, b, c and 2 more". */
export function joinNames(names: readonly string[], max = 3): string {
  if (names.length === 0) return '-';
  const shown = names.slice(0, max).join(', ');
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

/** Cuts at code points and marks the cut, so a table cell stays on one readable line. */
export function shorten(text: string, max: number): string {
  const chars = Array.from(text.replace(/\s+/g, ' ').trim());
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

export function bullets(lines: readonly string[], indent = '  '): string {
  return lines.map((line) => `${indent}- ${line}`).join('\n');
}

/** Stable JSON for `--json`: two-space indent and a final newline. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
