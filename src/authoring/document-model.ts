/**
 * The one document model every reader produces and the course generators consume: a title
 * and a flat list of sections, each holding the prose blocks found under one heading.
 * Markup, code and other noise are already gone. Every block remembers where it came from
 * (a line, a page, a slide or its speaker notes, a paragraph number) so questions can point
 * authors back to the original.
 */

export type BlockKind = 'paragraph' | 'list_item' | 'table_row' | 'speaker_notes';

export type SourceLocation =
  | { kind: 'line'; line: number }
  | { kind: 'page'; page: number }
  | { kind: 'slide'; slide: number; notes?: boolean }
  | { kind: 'paragraph'; paragraph: number };

/** Where a list item sits: numbered items carry the number a reader sees. */
export interface ListPosition {
  /** Items of one list share this id; a new list gets a new one. */
  list: string;
  /** The number shown before the item; null for a bulleted item. */
  number: number | null;
  /** 1 for the top level, 2 for an item nested under it, and so on. */
  depth: number;
}

export interface DocumentBlock {
  kind: BlockKind;
  /** Plain text on one line, inline markup removed. */
  text: string;
  /** Order in the source: the 1-based line for text formats, a running count for others. */
  line: number;
  /** Absent for text formats, where `line` says where the block is. */
  location?: SourceLocation;
  list?: ListPosition;
}

export interface DocumentSection {
  /** Empty for text that comes before the first heading. */
  heading: string;
  /** 1-6 as in Markdown; 0 for text before the first heading. */
  level: number;
  line: number;
  /** The file the section came from, when a course is made from several. */
  sourceName?: string;
  blocks: DocumentBlock[];
}

/** Something an author should know about a document that was still read. */
export interface IngestionWarning {
  code: 'text_layer_unreliable' | 'pages_without_text' | 'format_mismatch' | 'content_skipped';
  message: string;
}

export interface ParsedDocument {
  title: string;
  sections: DocumentSection[];
  warnings?: IngestionWarning[];
}

/** Authors look things up by line, so every location is phrased the same way. */
export const describeLine = (line: number): string => `line ${line}`;

export function describeLocation(location: SourceLocation): string {
  switch (location.kind) {
    case 'line':
      return describeLine(location.line);
    case 'page':
      return `page ${location.page}`;
    case 'slide':
      return location.notes ? `slide ${location.slide} (speaker notes)` : `slide ${location.slide}`;
    case 'paragraph':
      return `paragraph ${location.paragraph}`;
  }
}

export function describeBlockLocation(block: DocumentBlock): string {
  return describeLocation(block.location ?? { kind: 'line', line: block.line });
}

/** "forklift-safety_v2.md" → "Forklift safety v2": a readable title when the text has none. */
export function titleFromSourceName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const spaced = base.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (spaced === '') return 'Untitled course';
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}

/** Every block of a document in reading order. */
export function blocksOf(document: ParsedDocument): DocumentBlock[] {
  return document.sections.flatMap((section) => section.blocks);
}
