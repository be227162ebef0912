/**
 * What a DOCX paragraph style means for reading: which styles are headings (by name, as Word
 * names its built-in ones, or by outline level) and which carry list numbering themselves.
 */
import { attribute, children, path } from './xml.ts';
import type { Element } from './xml.ts';

export interface ParagraphStyle {
  headingLevel?: number;
  isTitle: boolean;
  numbering?: { numId: string; ilvl: number };
}

interface RawStyle {
  name: string;
  basedOn?: string;
  outlineLevel?: number;
  numbering?: { numId: string; ilvl: number };
}

export function readParagraphStyles(styles: Element | undefined): Map<string, ParagraphStyle> {
  const raw = new Map<string, RawStyle>();
  for (const style of styles ? children(styles, 'style') : []) {
    if (attribute(style, 'type') !== 'paragraph') continue;
    const outline = attribute(path(style, 'pPr', 'outlineLvl'), 'val');
    raw.set(attribute(style, 'styleId') ?? '', {
      name: (attribute(path(style, 'name'), 'val') ?? '').toLowerCase(),
      basedOn: attribute(path(style, 'basedOn'), 'val'),
      outlineLevel: outline === undefined ? undefined : Number(outline),
      numbering: numberingOf(path(style, 'pPr', 'numPr')),
    });
  }

  const resolved = new Map<string, ParagraphStyle>();
  for (const id of raw.keys()) resolved.set(id, resolveStyle(id, raw, 0));
  return resolved;
}

export function numberingOf(
  numPr: Element | undefined,
): { numId: string; ilvl: number } | undefined {
  if (!numPr) return undefined;
  const numId = attribute(path(numPr, 'numId'), 'val');
  if (numId === undefined) return undefined;
  return { numId, ilvl: Number(attribute(path(numPr, 'ilvl'), 'val') ?? 0) };
}

function resolveStyle(id: string, raw: Map<string, RawStyle>, depth: number): ParagraphStyle {
  const style = raw.get(id);
  if (!style) return { isTitle: false };
  const parent =
    style.basedOn && depth < 10 ? resolveStyle(style.basedOn, raw, depth + 1) : undefined;

  const named = /^heading\s*(\d)$/.exec(style.name)?.[1];
  const isTitle = style.name === 'title' || (parent?.isTitle ?? false);
  let headingLevel = named === undefined ? undefined : Number(named);
  // Outline levels 0-8 are heading levels 1-9; 9 means body text.
  if (headingLevel === undefined && style.outlineLevel !== undefined && style.outlineLevel < 9) {
    headingLevel = style.outlineLevel + 1;
  }
  headingLevel ??= parent?.headingLevel;

  return {
    isTitle,
    ...(headingLevel === undefined ? {} : { headingLevel }),
    ...((style.numbering ?? parent?.numbering)
      ? { numbering: style.numbering ?? parent?.numbering }
      : {}),
  };
}
