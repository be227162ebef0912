/**
 * Reads plain text into the document model. Paragraphs are separated by blank lines; a
 * paragraph made of one short line without final punctuation is taken to be a heading, and
 * lines starting with a bullet or a number become list items.
 */
import { DocumentBuilder } from './document-builder.ts';
import { tidyWhitespace } from './markdown-inline.ts';
import type { ParsedDocument } from './document-model.ts';

const LIST_ITEM = /^[ \t]*(?:[-*•▪◦‣–]|\d{1,3}[.)])[ \t]+(.*)$/;
const UNDERLINE = /^[ \t]*(=+|-+)[ \t]*$/;
const HEADING_MAX_CHARACTERS = 80;
const HEADING_MAX_WORDS = 10;

interface Paragraph {
  lines: string[];
  line: number;
}

export function readPlainText(content: string, sourceName: string): ParsedDocument {
  const builder = new DocumentBuilder();
  const paragraphs = splitParagraphs(content.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));

  paragraphs.forEach((paragraph, position) => {
    const [first = '', second] = paragraph.lines;
    const underline = second === undefined ? undefined : UNDERLINE.exec(second)?.[1];

    if (paragraph.lines.length === 2 && underline && looksLikeHeading(first)) {
      builder.startSection(
        tidyWhitespace(first),
        underline.startsWith('=') ? 1 : 2,
        paragraph.line,
      );
    } else if (paragraph.lines.length === 1 && looksLikeHeading(first)) {
      // Limitation: a one-line paragraph such as "Thank you" is taken for a heading.
      builder.startSection(tidyWhitespace(first), position === 0 ? 1 : 2, paragraph.line);
    } else {
      addParagraph(builder, paragraph);
    }
  });

  return builder.finish(undefined, sourceName);
}

function splitParagraphs(text: string): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: Paragraph | undefined;

  text.split('\n').forEach((line, index) => {
    if (line.trim() === '') {
      current = undefined;
      return;
    }
    if (current === undefined) {
      current = { lines: [], line: index + 1 };
      paragraphs.push(current);
    }
    current.lines.push(line);
  });
  return paragraphs;
}

/** Bulleted lines start list items; other lines continue the item or paragraph before them. */
function addParagraph(builder: DocumentBuilder, paragraph: Paragraph): void {
  let kind: 'paragraph' | 'list_item' = 'paragraph';
  let parts: string[] = [];
  let start = paragraph.line;

  const flush = (): void => {
    if (parts.length) builder.addBlock(kind, tidyWhitespace(parts.join(' ')), start);
    parts = [];
  };

  paragraph.lines.forEach((line, offset) => {
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      kind = 'list_item';
      start = paragraph.line + offset;
      parts.push(item[1] ?? '');
      return;
    }
    parts.push(line);
  });
  flush();
}

function looksLikeHeading(line: string): boolean {
  const text = line.trim();
  const words = text.split(/\s+/).length;

  return (
    text.length <= HEADING_MAX_CHARACTERS &&
    words <= HEADING_MAX_WORDS &&
    /^[\p{Lu}\p{N}¿¡]/u.test(text) &&
    !/[.,;:!…)"”]$/u.test(text) &&
    !LIST_ITEM.test(line)
  );
}
