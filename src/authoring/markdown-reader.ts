/**
 * Reads Markdown as found in real handbooks and course repositories (GitHub, Jekyll with
 * Liquid, Carpentries Workbench, pandoc) into the plain document model. Anything that is not
 * prose is dropped; tables are kept as one sentence per row.
 */
import { DocumentBuilder } from './document-builder.ts';
import type { BlockKind, ParsedDocument } from './document-model.ts';
import { cleanInlineMarkdown } from './markdown-inline.ts';
import { stripMarkdownNoise } from './markdown-noise.ts';
import { describeTableRow } from './table-rows.ts';

const BLOCK_QUOTE = /^ {0,3}>[ \t]?/;
const FENCED_DIV = /^\s*:{3,}/;
const SETEXT_UNDERLINE = /^ {0,3}(=+|-+)[ \t]*$/;
const THEMATIC_BREAK = /^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$/;
const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const REFERENCE_DEFINITION = /^ {0,3}\[[^\]]+\]:[ \t]*\S/;
// Limitation: indented (four-space) code blocks are read as text; only fenced code is dropped.
const LIST_ITEM = /^[ \t]*([-*+•]|(\d{1,9})[.)])[ \t]+(.*)$/;
const TASK_BOX = /^\[[ xX]\][ \t]+/;
const TABLE_DELIMITER = /^[\s|:-]*-[\s|:-]*$/;
// "**If in person**" alone on a line acts as a run-in heading, not the start of a sentence.
const BOLD_LINE = /^[ \t]*(\*\*|__)[^*_]+\1[ \t]*:?[ \t]*$/;

// A setext underline under a long paragraph is far more often a misplaced rule than a heading.
const SETEXT_MAX_LINES = 2;

interface PendingBlock {
  kind: BlockKind;
  lines: string[];
  line: number;
}

/**
 * @example readMarkdown('# Forklifts\n\nCheck the horn.', 'forklifts.md')
 *   // { title: 'Forklifts', sections: [{ heading: 'Forklifts', blocks: [...] }] }
 */
export function readMarkdown(content: string, sourceName: string): ParsedDocument {
  const { lines, frontMatterTitle } = stripMarkdownNoise(content);
  const builder = new DocumentBuilder();
  let pending: PendingBlock | undefined;

  const flush = (): void => {
    if (pending)
      builder.addBlock(pending.kind, cleanInlineMarkdown(pending.lines.join(' ')), pending.line);
    pending = undefined;
  };

  for (let index = 0; index < lines.length; index += 1) {
    const lineNumber = index + 1;
    const line = (lines[index] ?? '').replace(BLOCK_QUOTE, '');

    if (line.trim() === '' || FENCED_DIV.test(line) || REFERENCE_DEFINITION.test(line)) {
      flush();
      continue;
    }

    const underline = SETEXT_UNDERLINE.exec(line)?.[1];
    if (underline && pending?.kind === 'paragraph' && pending.lines.length <= SETEXT_MAX_LINES) {
      const level = underline.startsWith('=') ? 1 : 2;
      builder.startSection(cleanInlineMarkdown(pending.lines.join(' ')), level, pending.line);
      pending = undefined;
      continue;
    }
    if (underline) {
      flush();
      continue;
    }

    const heading = ATX_HEADING.exec(line);
    if (THEMATIC_BREAK.test(line) || heading) {
      flush();
      const marks = heading?.[1];
      if (marks)
        builder.startSection(cleanInlineMarkdown(heading[2] ?? ''), marks.length, lineNumber);
      continue;
    }

    if (isTableHeader(line, lines[index + 1] ?? '')) {
      flush();
      index = readTable(lines, index, builder) - 1;
      continue;
    }

    const item = LIST_ITEM.exec(line);
    // As in CommonMark, only a list starting at 1 may interrupt a paragraph, so a wrapped
    // line such as "2022. That year..." stays part of its paragraph.
    const interrupts = pending?.kind !== 'paragraph' || item?.[2] === undefined || item[2] === '1';
    if (item && interrupts) {
      flush();
      pending = {
        kind: 'list_item',
        lines: [(item[3] ?? '').replace(TASK_BOX, '')],
        line: lineNumber,
      };
      continue;
    }

    if (BOLD_LINE.test(line)) {
      flush();
      builder.addBlock('paragraph', cleanInlineMarkdown(line), lineNumber);
      continue;
    }

    if (pending) pending.lines.push(line.trim());
    else pending = { kind: 'paragraph', lines: [line.trim()], line: lineNumber };
  }

  flush();
  return builder.finish(frontMatterTitle, sourceName);
}

function isTableHeader(line: string, nextLine: string): boolean {
  return line.includes('|') && nextLine.includes('|') && TABLE_DELIMITER.test(nextLine);
}

/** Adds one block per body row and returns the index of the first line after the table. */
function readTable(
  lines: readonly string[],
  headerIndex: number,
  builder: DocumentBuilder,
): number {
  const header = splitTableRow(lines[headerIndex] ?? '');
  let index = headerIndex + 2;

  for (; index < lines.length; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || !line.includes('|')) break;
    builder.addBlock('table_row', describeTableRow(header, splitTableRow(line)), index + 1);
  }
  return index;
}

function splitTableRow(line: string): string[] {
  const inner = line
    .trim()
    .replace(/^\|/, '')
    .replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((cell) => cleanInlineMarkdown(cell.replace(/\\\|/g, '|')));
}
