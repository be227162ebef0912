/**
 * The small document model the readers produce and the course generator consumes: a title
 * and a flat list of sections, each holding the prose blocks found under one heading.
 * Markup, code and other noise are already gone; every block remembers the source line it
 * started on so questions can point authors back to the original.
 */

export type BlockKind = 'paragraph' | 'list_item' | 'table_row';

export interface DocumentBlock {
  kind: BlockKind;
  /** Plain text on one line, inline markup removed. */
  text: string;
  /** 1-based line of the source where the block starts. */
  line: number;
}

export interface DocumentSection {
  /** Empty for text that comes before the first heading. */
  heading: string;
  /** 1-6 as in Markdown; 0 for text before the first heading. */
  level: number;
  line: number;
  blocks: DocumentBlock[];
}

export interface ParsedDocument {
  title: string;
  sections: DocumentSection[];
}

/** Authors look things up by line, so every location is phrased the same way. */
export const describeLine = (line: number): string => `line ${line}`;

/** "forklift-safety_v2.md" → "Forklift safety v2": a readable title when the text has none. */
export function titleFromSourceName(name: string): string {
  const base = name.replace(/^.*[\\/]/, '').replace(/\.[A-Za-z0-9]{1,5}$/, '');
  const spaced = base.replace(/[-_]+/g, ' ').replace(/\s+/g, ' ').trim();
  if (spaced === '') return 'Untitled course';
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
