/**
 * Reads a Word document (DOCX) into the document model: headings from heading styles, outline
 * levels or heading-like direct formatting; numbered and bulleted lists with the numbers Word
 * shows (docx-numbering.ts); tables as one sentence per row. Tracked deletions, field codes
 * and the fallback copies of alternate content are left out.
 */
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { DocumentBuilder } from '../document-builder.ts';
import type { ParsedDocument } from '../document-model.ts';
import { tidyWhitespace } from '../markdown-inline.ts';
import { describeTable } from '../table-rows.ts';
import { DocxNumbering } from './docx-numbering.ts';
import { numberingOf, readParagraphStyles } from './docx-styles.ts';
import type { ParagraphStyle } from './docx-styles.ts';
import { coreTitle, OfficePackage } from './office-package.ts';
import { repairText } from './text-repair.ts';
import { attribute, children, isElement, path } from './xml.ts';
import type { Element } from './xml.ts';

const OFFICE_DOCUMENT = /\/officeDocument$/;
// Elements whose text a reader never sees: deletions, field instructions, properties, and
// the fallback copy Word writes beside content older readers cannot show.
const HIDDEN = new Set(['del', 'delText', 'instrText', 'pPr', 'rPr', 'Fallback', 'txbxContent']);
const HEADING_MAX_WORDS = 12;
// Direct formatting this much larger than body text reads as a heading.
const HEADING_SIZE_RATIO = 1.2;
const TITLE_SIZE_RATIO = 1.4;

interface Paragraph {
  text: string;
  style: ParagraphStyle;
  numbering?: { numId: string; ilvl: number };
  /** Half-points of the largest run, and whether every run with text is bold. */
  size?: number;
  bold: boolean;
}

export async function readDocx(
  bytes: Uint8Array,
  sourceName: string,
): Promise<Result<ParsedDocument, string>> {
  const opened = await OfficePackage.open(bytes);
  if (!opened.ok) return opened;
  const pkg = opened.value;

  const main = (await pkg.relationships('')).find((rel) => OFFICE_DOCUMENT.test(rel.type));
  const documentPart = main?.target ?? 'word/document.xml';
  const document = await pkg.xml(documentPart);
  if (!document.ok) return document;
  const body = document.value ? path(document.value, 'body') : undefined;
  if (!body) return err('it has no word/document.xml body; is it really a Word document?');

  const folder = documentPart.slice(0, documentPart.lastIndexOf('/'));
  const styles = await pkg.xml(`${folder}/styles.xml`);
  const numbering = await pkg.xml(`${folder}/numbering.xml`);
  const reader = new DocxWalker(
    readParagraphStyles(styles.ok ? styles.value : undefined),
    DocxNumbering.read(numbering.ok ? numbering.value : undefined),
  );
  reader.walk(body);
  return ok(reader.finish(await coreTitle(pkg), sourceName));
}

class DocxWalker {
  private readonly builder = new DocumentBuilder();
  private readonly paragraphs: Paragraph[] = [];
  private readonly tables = new Map<number, string[][]>();
  private titleFromStyle: string | undefined;

  constructor(
    private readonly styles: Map<string, ParagraphStyle>,
    private readonly numbering: DocxNumbering,
  ) {}

  walk(container: Element): void {
    for (const element of children(container)) {
      if (element.localName === 'p') this.paragraphs.push(this.readParagraph(element));
      else if (element.localName === 'tbl') {
        this.tables.set(this.paragraphs.length, readTable(element));
        this.paragraphs.push({ text: '', style: { isTitle: false }, bold: false });
      } else if (element.localName === 'sdt') {
        const content = path(element, 'sdtContent');
        if (content) this.walk(content);
      }
    }
  }

  finish(metadataTitle: string | undefined, sourceName: string): ParsedDocument {
    const bodySize = mostCommonSize(this.paragraphs);
    let counter = 0;
    const location = () => ({ kind: 'paragraph' as const, paragraph: ++counter });

    this.paragraphs.forEach((paragraph, index) => {
      const table = this.tables.get(index);
      if (table) {
        for (const row of describeTable(table)) {
          this.builder.addBlock('table_row', row, counter + 1, { location: location() });
        }
        return;
      }
      if (paragraph.text === '') return;

      const numbering = paragraph.numbering ?? paragraph.style.numbering;
      const list = numbering ? this.numbering.next(numbering.numId, numbering.ilvl) : undefined;
      const level = list ? undefined : headingLevel(paragraph, bodySize);
      if (paragraph.style.isTitle) this.titleFromStyle ??= paragraph.text;

      if (level !== undefined) {
        this.builder.startSection(paragraph.text, level, counter + 1);
      } else if (list) {
        this.builder.addBlock('list_item', paragraph.text, counter + 1, {
          location: location(),
          list,
        });
      } else {
        this.builder.addBlock('paragraph', paragraph.text, counter + 1, { location: location() });
      }
    });
    return this.builder.finish(metadataTitle ?? this.titleFromStyle, sourceName);
  }

  private readParagraph(element: Element): Paragraph {
    const styleId = attribute(path(element, 'pPr', 'pStyle'), 'val');
    const style = (styleId ? this.styles.get(styleId) : undefined) ?? { isTitle: false };
    const outline = attribute(path(element, 'pPr', 'outlineLvl'), 'val');
    const withOutline =
      outline !== undefined && Number(outline) < 9
        ? { ...style, headingLevel: Number(outline) + 1 }
        : style;

    const runs = runFormatting(element);
    return {
      text: tidyWhitespace(repairText(textOf(element))),
      style: withOutline,
      numbering: numberingOf(path(element, 'pPr', 'numPr')),
      size: runs.size,
      bold: runs.bold,
    };
  }
}

function headingLevel(paragraph: Paragraph, bodySize: number): number | undefined {
  if (paragraph.style.isTitle) return 1;
  if (paragraph.style.headingLevel !== undefined) return Math.min(paragraph.style.headingLevel, 6);

  // Many documents make headings by hand: a short line, bold or larger, no closing period.
  const words = paragraph.text.split(/\s+/).length;
  const larger = (paragraph.size ?? bodySize) >= bodySize * HEADING_SIZE_RATIO;
  if (words > HEADING_MAX_WORDS || /[.,;]$/.test(paragraph.text)) return undefined;
  if (!larger && !paragraph.bold) return undefined;
  if ((paragraph.size ?? bodySize) >= bodySize * TITLE_SIZE_RATIO) return 1;
  return larger ? 2 : 3;
}

function textOf(element: Element): string {
  let text = '';
  const visit = (node: Element): void => {
    for (let current = node.firstChild; current; current = current.nextSibling) {
      if (!isElement(current) || HIDDEN.has(current.localName ?? '')) continue;
      switch (current.localName) {
        case 't':
          text += current.textContent ?? '';
          break;
        case 'tab':
        case 'br':
        case 'cr':
          text += ' ';
          break;
        case 'noBreakHyphen':
          text += '-';
          break;
        default:
          visit(current);
      }
    }
  };
  visit(element);
  return text;
}

function runFormatting(paragraph: Element): { size?: number; bold: boolean } {
  let size: number | undefined;
  let bold = true;
  let sawText = false;
  for (const run of children(paragraph).flatMap((node) =>
    node.localName === 'r' ? [node] : children(node, 'r'),
  )) {
    if (textOf(run).trim() === '') continue;
    sawText = true;
    const properties = path(run, 'rPr');
    const runSize = Number(attribute(path(properties ?? run, 'sz'), 'val') ?? Number.NaN);
    if (properties && Number.isFinite(runSize)) size = Math.max(size ?? 0, runSize);
    const boldFlag = properties ? path(properties, 'b') : undefined;
    const on = boldFlag !== undefined && !['0', 'false'].includes(attribute(boldFlag, 'val') ?? '');
    if (!on) bold = false;
  }
  return { ...(size === undefined ? {} : { size }), bold: sawText && bold };
}

/** The run size most text is set in; 22 half-points (11 pt) when runs do not say. */
function mostCommonSize(paragraphs: readonly Paragraph[]): number {
  const weights = new Map<number, number>();
  for (const paragraph of paragraphs) {
    if (paragraph.size === undefined) continue;
    weights.set(paragraph.size, (weights.get(paragraph.size) ?? 0) + paragraph.text.length);
  }
  let best = 22;
  let bestWeight = -1;
  for (const [size, weight] of weights) {
    if (weight > bestWeight) [best, bestWeight] = [size, weight];
  }
  return best;
}

/** Rows of cells; a cell's paragraphs and any nested table are read as one text. */
function readTable(table: Element): string[][] {
  return children(table, 'tr').map((row) =>
    children(row, 'tc').map((cell) =>
      tidyWhitespace(
        repairText(
          children(cell)
            .map((part) =>
              part.localName === 'tbl' ? readTable(part).flat().join(' ') : textOf(part),
            )
            .join(' '),
        ),
      ),
    ),
  );
}
