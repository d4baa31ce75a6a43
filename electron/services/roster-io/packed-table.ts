import type { Cell } from './cells';
import type { Row } from './read';

/**
 * Rows of a Table packed for the trip from runBounded's worker to the service: one string of all cell
 * texts and typed arrays of lengths, instead of a million small objects. Structured clone
 * copies a string and typed arrays as whole blocks; cloning the objects took about a second
 * and a second copy of the table's heap for a 10,000-household file. The worker sends rows
 * in batches as it reads them, so it never holds the whole table either.
 */
export interface PackedRows {
  text: string;
  /** Per row: its 1-based number in the file. */
  rowNumbers: Int32Array;
  /** Per row: how many cells it has. */
  cellCounts: Int32Array;
  /** Per cell: its text's length × 2, plus 1 when Excel stored it as a number. */
  cells: Int32Array;
}

const EMPTY: Cell = { text: '', numeric: false };

export function packRows(rows: readonly Row[]): PackedRows {
  const rowNumbers = new Int32Array(rows.length);
  const cellCounts = new Int32Array(rows.length);
  let total = 0;
  for (const row of rows) total += row.cells.length;
  const cells = new Int32Array(total);
  const texts: string[] = [];
  let at = 0;
  rows.forEach((row, i) => {
    rowNumbers[i] = row.row;
    cellCounts[i] = row.cells.length;
    for (const cell of row.cells) {
      const text = cell?.text ?? '';
      cells[at++] = text.length * 2 + (cell?.numeric ? 1 : 0);
      if (text) texts.push(text);
    }
  });
  return { text: texts.join(''), rowNumbers, cellCounts, cells };
}

export function unpackRows(packed: PackedRows): Row[] {
  const rows: Row[] = new Array(packed.rowNumbers.length);
  let offset = 0;
  let at = 0;
  for (let i = 0; i < rows.length; i++) {
    const cells: Cell[] = new Array(packed.cellCounts[i]!);
    for (let j = 0; j < cells.length; j++) {
      const code = packed.cells[at++]!;
      const length = code >> 1;
      if (code === 0) {
        cells[j] = EMPTY;
        continue;
      }
      cells[j] = { text: packed.text.slice(offset, offset + length), numeric: (code & 1) === 1 };
      offset += length;
    }
    rows[i] = { row: packed.rowNumbers[i]!, cells };
  }
  return rows;
}
