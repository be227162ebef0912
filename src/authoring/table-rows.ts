/**
 * A table row as one readable sentence, the same for every format that has tables: the first
 * cell names the row and the others are labelled with their column, "Horn: The horn sounds
 * clearly." or "Horn: When: daily; Who: operator."
 */
export function describeTableRow(header: readonly string[], cells: readonly string[]): string {
  const [name = '', ...rest] = cells;
  const labelled = rest
    .map((cell, offset) => {
      const column = header[offset + 1] ?? '';
      return rest.length === 1 || column === '' || cell === '' ? cell : `${column}: ${cell}`;
    })
    .filter((part) => part !== '');

  const details = labelled.join('; ');
  const text = name === '' || details === '' ? `${name}${details}` : `${name}: ${details}`;
  return text === '' || /[.!?]$/.test(text) ? text : `${text}.`;
}

/**
 * Rows of a table read as sentences; the first row is taken as the header when the table has
 * more than one row, as in nearly every document table.
 */
export function describeTable(rows: readonly (readonly string[])[]): string[] {
  const cleaned = rows
    .map((cells) => cells.map((cell) => cell.replace(/\s+/g, ' ').trim()))
    .filter((cells) => cells.some((cell) => cell !== ''));
  if (cleaned.length <= 1) return cleaned.map((cells) => describeTableRow([], cells));

  const [header = [], ...body] = cleaned;
  return body.map((cells) => describeTableRow(header, cells));
}
