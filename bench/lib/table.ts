/** Plain-text tables for benchmark output: columns padded to their widest cell, `|` between them. */

/** How a column lines up its cells. */
export type Align = 'left' | 'right';

/** A table to print: a header row, body rows, and an optional alignment per column (left by default). */
export interface Table {
  headers: string[];
  rows: string[][];
  align?: Align[];
}

/** The table as lines of text, with a rule under the header; cells wider than others widen their column. */
export function formatTable({ headers, rows, align = [] }: Table): string {
  const widths = headers.map((header, column) => Math.max(width(header), ...rows.map((row) => width(row[column] ?? ''))));
  const line = (cells: string[]): string =>
    cells.map((cell, column) => pad(cell ?? '', widths[column], align[column] ?? 'left')).join(' | ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('-|-');
  return [line(headers), rule, ...rows.map(line)].join('\n');
}

function pad(text: string, size: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Characters as a terminal shows them (code points, so "×" or "¹" count once). */
function width(text: string): number {
  return [...text].length;
}
