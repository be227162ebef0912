/**
 * Reading order of one PDF page from its positioned text runs. Runs on one baseline form a
 * row; a wide gap inside a row separates fragments (table cells, or the two halves of a row
 * across a column gutter). A page whose fragments leave a clear vertical gutter with prose on
 * both sides is read column by column, in bands between the lines that span the gutter
 * (a title over two columns). Rows of short cells that line up across the gap are a table,
 * and stay rows.
 */

export interface TextRun {
  text: string;
  /** Left edge and baseline in PDF units (points), origin at the bottom left. */
  x: number;
  y: number;
  width: number;
  /** Font size in points. */
  size: number;
  /**
   * A whitespace item came just before this run in the content stream. Such items are not
   * kept as runs (a wide one would bridge a column gutter), but the word space they stand for
   * is, since tightly set fonts leave less than a visible gap between words.
   */
  spaceBefore?: boolean;
}

export interface PageLine {
  /** The fragments of the line, left to right; more than one in a table row. */
  cells: string[];
  x: number;
  right: number;
  y: number;
  size: number;
  /** The runs of the line, left to right, for readers that need more than the text. */
  runs: TextRun[];
  /** Set by pdf-headings.ts on a whole heading, its wrapped lines joined into this one. */
  heading?: true;
}

interface Fragment {
  runs: TextRun[];
  x: number;
  right: number;
  y: number;
  size: number;
}

// A gap wider than this many font sizes separates fragments; a word space is about 0.25.
const FRAGMENT_GAP = 1.2;
// Between runs, a gap this share of the font size reads as a word space; after a whitespace
// item in the stream, any visible gap does.
const WORD_GAP = 0.15;
const SPACED_WORD_GAP = 0.02;
const SAME_BASELINE = 0.4;
// Fragments allowed to cross a gutter (a spanning title) as a share of all fragments.
const MAX_CROSSING_SHARE = 0.1;
const MIN_COLUMN_FRAGMENTS = 3;
// Prose fragments are long; table cells are short.
const MIN_PROSE_CHARACTERS = 18;
const TABLE_ROW_MATCH = 0.7;
const SIDE_TITLE_RATIO = 1.3;
const FULL_WIDTH_SHARE = 0.6;

export function orderPageLines(runs: readonly TextRun[], pageWidth: number): PageLine[] {
  const fragments = toFragments(runs);
  if (fragments.length === 0) return [];

  const gutter = findGutter(fragments, pageWidth);
  if (gutter === undefined) return mergeRows(fragments);
  return readColumns(fragments, gutter, pageWidth);
}

function toFragments(runs: readonly TextRun[]): Fragment[] {
  const sorted = runs
    .filter((run) => run.text.trim() !== '')
    .sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: TextRun[][] = [];
  for (const run of sorted) {
    const row = rows.at(-1);
    const anchor = row?.[0];
    if (row && anchor && Math.abs(anchor.y - run.y) <= SAME_BASELINE * Math.max(run.size, 1)) {
      row.push(run);
    } else {
      rows.push([run]);
    }
  }

  return rows.flatMap((row) => {
    const ordered = [...row].sort((a, b) => a.x - b.x);
    const fragments: TextRun[][] = [];
    for (const run of ordered) {
      const current = fragments.at(-1);
      const last = current?.at(-1);
      const gap = last ? run.x - (last.x + last.width) : 0;
      if (current && last && gap <= FRAGMENT_GAP * Math.max(run.size, last.size)) {
        current.push(run);
      } else {
        fragments.push([run]);
      }
    }
    return fragments.map(toFragment);
  });
}

function toFragment(runs: TextRun[]): Fragment {
  const first = runs[0] as TextRun;
  const last = runs.at(-1) as TextRun;
  return {
    runs,
    x: first.x,
    right: last.x + last.width,
    y: first.y,
    size: Math.max(...runs.map((run) => run.size)),
  };
}

/** The text of runs on one baseline, with a space where the gap between them is a space. */
export function joinRuns(runs: readonly TextRun[]): string {
  let text = '';
  let previous: TextRun | undefined;
  for (const run of runs) {
    if (previous) {
      const gap = run.x - (previous.x + previous.width);
      const spaced = /\s$/.test(text) || /^\s/.test(run.text);
      const wordSpace = run.spaceBefore === true ? SPACED_WORD_GAP : WORD_GAP;
      if (!spaced && gap > wordSpace * Math.max(run.size, previous.size)) text += ' ';
    }
    text += run.text;
    previous = run;
  }
  return text.replace(/\s+/g, ' ').trim();
}

const textOf = (fragment: Fragment): string => joinRuns(fragment.runs);

function findGutter(all: readonly Fragment[], pageWidth: number): number | undefined {
  // Lines across the whole page (a title, a paragraph over both columns) are read as bands
  // between the columns; only narrower fragments can show where a gutter runs.
  const fragments = all.filter((f) => f.right - f.x < pageWidth * FULL_WIDTH_SHARE);
  if (fragments.length < 2 * 2) return undefined;
  const from = Math.floor(pageWidth * 0.2);
  const to = Math.ceil(pageWidth * 0.8);
  const allowed = Math.max(1, Math.floor(fragments.length * MAX_CROSSING_SHARE));

  const gaps: Array<{ at: number; width: number }> = [];
  let runStart: number | undefined;
  for (let x = from; x <= to + 1; x += 1) {
    const crossing = x > to ? Infinity : fragments.filter((f) => f.x < x && f.right > x).length;
    if (crossing <= allowed) {
      runStart ??= x;
    } else if (runStart !== undefined) {
      gaps.push({ at: runStart + (x - runStart) / 2, width: x - runStart });
      runStart = undefined;
    }
  }

  const usable = gaps
    .filter((gap) => gap.width >= 4 && isColumnGutter(fragments, gap.at))
    .sort((a, b) => b.width - a.width);
  return usable[0]?.at;
}

function isColumnGutter(fragments: readonly Fragment[], gutter: number): boolean {
  const left = fragments.filter((f) => f.right <= gutter);
  const right = fragments.filter((f) => f.x >= gutter);
  // A slide with its title set large on one side and points on the other reads side by side.
  if (left.length >= 2 && right.length >= 2 && sizesDiffer(left, right)) return true;
  if (left.length < MIN_COLUMN_FRAGMENTS || right.length < MIN_COLUMN_FRAGMENTS) return false;
  return isProse(left) && isProse(right) && !isTable(left, right);
}

function sizesDiffer(left: readonly Fragment[], right: readonly Fragment[]): boolean {
  const median = (fragments: readonly Fragment[]): number => {
    const sizes = fragments.map((fragment) => fragment.size).sort((a, b) => a - b);
    return sizes[Math.floor(sizes.length / 2)] ?? 0;
  };
  const [a, b] = [median(left), median(right)];
  return Math.max(a, b) >= Math.min(a, b) * SIDE_TITLE_RATIO;
}

function isProse(fragments: readonly Fragment[]): boolean {
  const characters = fragments.reduce((sum, fragment) => sum + textOf(fragment).length, 0);
  return characters / fragments.length >= MIN_PROSE_CHARACTERS;
}

/** Cells of a table sit on the same baselines across the gap; column text rarely does all. */
function isTable(left: readonly Fragment[], right: readonly Fragment[]): boolean {
  const matched = left.filter((fragment) =>
    right.some((other) => Math.abs(other.y - fragment.y) <= SAME_BASELINE * fragment.size),
  );
  const shortCells = [...left, ...right].filter((f) => textOf(f).length < 30).length;
  return (
    matched.length >= left.length * TABLE_ROW_MATCH &&
    shortCells >= (left.length + right.length) / 2
  );
}

function readColumns(fragments: readonly Fragment[], gutter: number, width: number): PageLine[] {
  const spans = fragments.filter((f) => f.x < gutter && f.right > gutter);
  const ordered = [...fragments].sort((a, b) => b.y - a.y);
  const lines: PageLine[] = [];

  let band: Fragment[] = [];
  const flushBand = (): void => {
    const left = band.filter((f) => f.right <= gutter);
    const right = band.filter((f) => f.right > gutter);
    lines.push(
      ...orderPageLines(
        left.flatMap((f) => f.runs),
        gutter,
      ),
    );
    lines.push(
      ...orderPageLines(
        shift(
          right.flatMap((f) => f.runs),
          gutter,
        ),
        width - gutter,
      ).map((line) => ({
        ...line,
        x: line.x + gutter,
        right: line.right + gutter,
        runs: shift(line.runs, -gutter),
      })),
    );
    band = [];
  };

  for (const fragment of ordered) {
    if (spans.includes(fragment)) {
      flushBand();
      lines.push(lineOf([fragment]));
    } else {
      band.push(fragment);
    }
  }
  flushBand();
  return lines;
}

/** Moves runs left by the gutter so the right column is searched for columns of its own. */
function shift(runs: readonly TextRun[], by: number): TextRun[] {
  return runs.map((run) => ({ ...run, x: run.x - by }));
}

function mergeRows(fragments: readonly Fragment[]): PageLine[] {
  const lines: PageLine[] = [];
  let row: Fragment[] = [];
  for (const fragment of fragments) {
    const anchor = row[0];
    if (anchor && Math.abs(anchor.y - fragment.y) <= SAME_BASELINE * fragment.size) {
      row.push(fragment);
    } else {
      if (row.length > 0) lines.push(lineOf(row));
      row = [fragment];
    }
  }
  if (row.length > 0) lines.push(lineOf(row));
  return lines;
}

function lineOf(row: readonly Fragment[]): PageLine {
  const sorted = [...row].sort((a, b) => a.x - b.x);
  return {
    cells: sorted.map(textOf).filter((text) => text !== ''),
    x: sorted[0]?.x ?? 0,
    right: Math.max(...sorted.map((fragment) => fragment.right)),
    y: sorted[0]?.y ?? 0,
    size: Math.max(...sorted.map((fragment) => fragment.size)),
    runs: sorted.flatMap((fragment) => fragment.runs),
  };
}
