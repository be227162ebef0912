/**
 * Reads a PowerPoint deck (PPTX): slides in presentation order, each slide's text top to
 * bottom, and its speaker notes (pitfall DOC-02). Notes are found through the slide's own
 * notesSlide relationship, never by file number, and only the notes body placeholder is read,
 * so the slide number and thumbnail never leak into the notes.
 */
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { DocumentBuilder } from '../document-builder.ts';
import type { ListPosition, ParsedDocument } from '../document-model.ts';
import { tidyWhitespace } from '../markdown-inline.ts';
import { describeTable } from '../table-rows.ts';
import { isContentsHeading, isContentsTable } from './contents-entries.ts';
import { coreTitle, OfficePackage } from './office-package.ts';
import { repairText } from './text-repair.ts';
import { attribute, children, descendants, path } from './xml.ts';
import type { Element } from './xml.ts';

export interface SlideBlock {
  kind: 'paragraph' | 'list_item' | 'table_row';
  text: string;
  list?: ListPosition;
}

export interface Slide {
  /** 1-based position in the deck as presented, not the part's file number. */
  number: number;
  title: string | null;
  body: SlideBlock[];
  /** The notes body placeholder's text; null when the slide has no notes. */
  speakerNotes: string | null;
}

const RELATIONSHIP = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const SKIPPED_PLACEHOLDERS = new Set(['sldNum', 'dt', 'ftr', 'hdr', 'sldImg']);
const TITLE_PLACEHOLDERS = new Set(['title', 'ctrTitle']);
// Placeholders whose paragraphs are bullets unless a paragraph says otherwise.
const BULLETED_PLACEHOLDERS = new Set(['body', 'obj', '']);
const HEADING_MAX_WORDS = 12;

export async function readPptx(
  bytes: Uint8Array,
  sourceName: string,
): Promise<Result<ParsedDocument, string>> {
  const slides = await readPptxSlides(bytes);
  if (!slides.ok) return slides;
  const opened = await OfficePackage.open(bytes);
  const title = opened.ok ? await coreTitle(opened.value) : undefined;
  return ok(slidesToDocument(slides.value, title, sourceName));
}

export async function readPptxSlides(bytes: Uint8Array): Promise<Result<Slide[], string>> {
  const opened = await OfficePackage.open(bytes);
  if (!opened.ok) return opened;
  const pkg = opened.value;

  const presentation = await pkg.xml('ppt/presentation.xml');
  if (!presentation.ok) return presentation;
  if (!presentation.value) return err('it has no ppt/presentation.xml; is it a PowerPoint deck?');

  const relationships = await pkg.relationships('ppt/presentation.xml');
  const slideParts = descendants(presentation.value, 'sldId')
    .map((slideId) => slideId.getAttributeNS(RELATIONSHIP, 'id') ?? attribute(slideId, 'id'))
    .map((id) => relationships.find((rel) => rel.id === id)?.target)
    .filter((target): target is string => target !== undefined && pkg.has(target));

  const slides: Slide[] = [];
  for (const [index, part] of slideParts.entries()) {
    const slide = await pkg.xml(part);
    if (!slide.ok) return slide;
    if (!slide.value) continue;

    const notesPart = (await pkg.relationships(part)).find((rel) =>
      rel.type.endsWith('/notesSlide'),
    )?.target;
    const notes = notesPart ? await pkg.xml(notesPart) : undefined;
    slides.push({
      number: index + 1,
      ...readSlideContent(slide.value, index + 1),
      speakerNotes: notes?.ok && notes.value ? readNotes(notes.value) : null,
    });
  }
  return ok(slides);
}

/** Every slide is a section titled by the slide; its notes follow its text, labelled. */
export function slidesToDocument(
  slides: readonly Slide[],
  metadataTitle: string | undefined,
  sourceName: string,
): ParsedDocument {
  const builder = new DocumentBuilder();
  let order = 0;

  for (const slide of slides) {
    const body = [...slide.body];
    let heading = slide.title;
    // Decks often put the slide's title in a text box or a table cell instead of a title.
    const first = body[0];
    if (heading === null && first && first.kind === 'paragraph' && looksLikeHeading(first.text)) {
      heading = first.text;
      body.shift();
    }
    if (heading !== null) builder.startSection(heading, slide.number === 1 ? 1 : 2, order + 1);

    for (const block of body) {
      order += 1;
      builder.addBlock(block.kind, block.text, order, {
        location: { kind: 'slide', slide: slide.number },
        ...(block.list ? { list: block.list } : {}),
      });
    }
    if (slide.speakerNotes !== null) {
      order += 1;
      builder.addBlock('speaker_notes', slide.speakerNotes, order, {
        location: { kind: 'slide', slide: slide.number, notes: true },
      });
    }
  }
  return builder.finish(metadataTitle ?? slides[0]?.title ?? undefined, sourceName);
}

function looksLikeHeading(text: string): boolean {
  return text.split(/\s+/).length <= HEADING_MAX_WORDS && !/[.,;:]$/.test(text);
}

interface PlacedShape {
  element: Element;
  placeholder: string | undefined;
  y: number;
  x: number;
}

function readSlideContent(
  slide: Element,
  slideNumber: number,
): { title: string | null; body: SlideBlock[] } {
  const tree = path(slide, 'cSld', 'spTree');
  const shapes = tree ? flattenShapes(tree) : [];
  const titles = shapes.filter((shape) => TITLE_PLACEHOLDERS.has(shape.placeholder ?? '-'));
  const others = shapes
    .filter((shape) => !TITLE_PLACEHOLDERS.has(shape.placeholder ?? '-'))
    .filter((shape) => !SKIPPED_PLACEHOLDERS.has(shape.placeholder ?? '-'))
    .sort((a, b) => a.y - b.y || a.x - b.x);

  const titleText = titles
    .map((shape) =>
      paragraphsOf(shape.element)
        .map((p) => p.text)
        .join(' '),
    )
    .join(' ')
    .trim();
  const body = others.flatMap((shape, index) =>
    blocksOf(shape, `slide${slideNumber}-${index + 1}`),
  );

  // A table of contents is navigation, not content: its table goes (blocksOf) and so do its
  // heading and label, so the slide is titled by what else it holds.
  if (others.some(holdsContentsTable)) {
    return {
      title: titleText === '' || isContentsHeading(titleText) ? null : titleText,
      body: body.filter((block) => !isContentsHeading(block.text)),
    };
  }
  return { title: titleText === '' ? null : titleText, body };
}

function holdsContentsTable(shape: PlacedShape): boolean {
  const table = descendants(shape.element, 'tbl')[0];
  return table !== undefined && isContentsTable(tableTexts(table));
}

function tableTexts(table: Element): string[][] {
  return children(table, 'tr').map((row) =>
    children(row, 'tc').map((cell) =>
      paragraphsOf(cell)
        .map((p) => p.text)
        .join(' '),
    ),
  );
}

function flattenShapes(group: Element, offsetY = 0, offsetX = 0): PlacedShape[] {
  return children(group).flatMap((element): PlacedShape[] => {
    const offset = path(element, 'spPr', 'xfrm', 'off') ?? path(element, 'xfrm', 'off');
    const y = offsetY + Number(attribute(offset, 'y') ?? 0);
    const x = offsetX + Number(attribute(offset, 'x') ?? 0);
    if (element.localName === 'grpSp') return flattenShapes(element, y, x);
    if (element.localName !== 'sp' && element.localName !== 'graphicFrame') return [];

    const ph = descendants(element, 'ph')[0];
    return [{ element, placeholder: ph ? (attribute(ph, 'type') ?? '') : undefined, y, x }];
  });
}

function blocksOf(shape: PlacedShape, listId: string): SlideBlock[] {
  const table = descendants(shape.element, 'tbl')[0];
  if (table) return tableBlocks(table, listId);

  const bulleted = shape.placeholder !== undefined && BULLETED_PLACEHOLDERS.has(shape.placeholder);
  return paragraphsOf(shape.element, listId).map((paragraph) => {
    const isItem = paragraph.bullet === 'none' ? false : bulleted || paragraph.bullet !== 'inherit';
    return isItem
      ? { kind: 'list_item', text: paragraph.text, list: paragraph.list }
      : { kind: 'paragraph', text: paragraph.text };
  });
}

/** A one-column table is a layout box; its cells read as paragraphs. Wider ones are tables. */
function tableBlocks(table: Element, listId: string): SlideBlock[] {
  const rows = children(table, 'tr').map((row) => children(row, 'tc'));
  const columns = Math.max(0, ...rows.map((cells) => cells.length));
  if (columns <= 1) {
    return rows
      .flat()
      .flatMap((cell, index) =>
        paragraphsOf(cell, `${listId}-${index + 1}`).map((paragraph): SlideBlock =>
          paragraph.bullet === 'auto' || paragraph.bullet === 'char'
            ? { kind: 'list_item', text: paragraph.text, list: paragraph.list }
            : { kind: 'paragraph', text: paragraph.text },
        ),
      );
  }
  const texts = tableTexts(table);
  if (isContentsTable(texts)) return [];
  return describeTable(texts).map((text) => ({ kind: 'table_row', text }));
}

interface TextParagraph {
  text: string;
  bullet: 'none' | 'auto' | 'char' | 'inherit';
  list: ListPosition;
}

function paragraphsOf(container: Element, listId = 'text'): TextParagraph[] {
  const counters: number[] = [];
  const paragraphs: TextParagraph[] = [];

  for (const paragraph of descendants(container, 'p')) {
    if (paragraph.namespaceURI?.endsWith('/drawingml/2006/main') !== true) continue;
    const text = tidyWhitespace(repairText(runText(paragraph)));
    if (text === '') continue;

    const properties = path(paragraph, 'pPr');
    const level = Number(attribute(properties, 'lvl') ?? 0);
    const autoNumber = properties ? path(properties, 'buAutoNum') : undefined;
    const bullet: TextParagraph['bullet'] = !properties
      ? 'inherit'
      : path(properties, 'buNone')
        ? 'none'
        : autoNumber
          ? 'auto'
          : path(properties, 'buChar')
            ? 'char'
            : 'inherit';

    let number: number | null = null;
    if (bullet === 'auto') {
      const start = Number(attribute(autoNumber, 'startAt') ?? 1);
      counters[level] = (counters[level] ?? start - 1) + 1;
      counters.length = level + 1;
      number = counters[level] ?? start;
    }
    paragraphs.push({ text, bullet, list: { list: listId, number, depth: level + 1 } });
  }
  return paragraphs;
}

function runText(paragraph: Element): string {
  return children(paragraph)
    .map((part) => {
      if (part.localName === 'r') return path(part, 't')?.textContent ?? '';
      if (part.localName === 'br') return ' ';
      if (part.localName === 'fld') {
        const type = attribute(part, 'type') ?? '';
        return type === 'slidenum' || type.startsWith('datetime')
          ? ''
          : (path(part, 't')?.textContent ?? '');
      }
      return '';
    })
    .join('');
}

function readNotes(notes: Element): string | null {
  const tree = path(notes, 'cSld', 'spTree');
  const bodies = (tree ? flattenShapes(tree) : []).filter((shape) => shape.placeholder === 'body');
  const text = bodies
    .flatMap((shape) => paragraphsOf(shape.element).map((paragraph) => paragraph.text))
    .join(' ')
    .trim();
  return text === '' ? null : text;
}
