/**
 * Reads a PDF's text layer with pdf.js, page by page: runs are positioned (pdf-layout.ts),
 * repaired (ligatures, hyphens, broken glyphs: text-repair.ts) and built into the document
 * model (pdf-blocks.ts). A file without any text layer is a scan and is refused with a hint
 * to run OCR; a page whose glyphs map to nothing usable is flagged, not silently mangled.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import type { ParsedDocument } from '../document-model.ts';
import { pagesToDocument } from './pdf-blocks.ts';
import type { PdfPage } from './pdf-blocks.ts';
import { orderPageLines } from './pdf-layout.ts';
import type { TextRun } from './pdf-layout.ts';
import { hasBrokenGlyphs, repairText } from './text-repair.ts';

export type PageProgress = (page: number, pages: number) => void;

// Fewer letters than this in the whole file means there is no text layer to speak of.
const MIN_LETTERS = 20;

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
}

/**
 * @example const parsed = await readPdf(bytes, 'policy.pdf', (page, of) => bar(page / of));
 */
export async function readPdf(
  bytes: Uint8Array,
  sourceName: string,
  onPage: PageProgress = () => undefined,
): Promise<Result<ParsedDocument, string>> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const assets = pdfjsAssets();
  const task = pdfjs.getDocument({
    // pdf.js takes ownership of the buffer it is given, so it gets a copy.
    data: new Uint8Array(bytes),
    verbosity: 0,
    isEvalSupported: false,
    useSystemFonts: false,
    disableFontFace: true,
    cMapUrl: assets.cMaps,
    cMapPacked: true,
    standardFontDataUrl: assets.standardFonts,
  });

  let document: Awaited<typeof task.promise>;
  try {
    document = await task.promise;
  } catch (error) {
    await task.destroy();
    return err(describeOpenFailure(error));
  }

  try {
    const pages: PdfPage[] = [];
    const unreliable: number[] = [];
    const empty: number[] = [];
    let letters = 0;

    for (let number = 1; number <= document.numPages; number += 1) {
      const page = await document.getPage(number);
      const [, , width = 612, height = 792] = page.view;
      const content = await page.getTextContent({ disableNormalization: true });
      page.cleanup();

      const items = content.items.flatMap((item) => ('str' in item ? [item as PdfTextItem] : []));
      const raw = items.map((item) => item.str).join('');
      if (hasBrokenGlyphs(raw)) unreliable.push(number);
      if (!/\p{L}/u.test(raw)) empty.push(number);
      letters += raw.match(/\p{L}/gu)?.length ?? 0;

      pages.push({ number, height, lines: orderPageLines(toRuns(items), width) });
      onPage(number, document.numPages);
    }

    if (letters < MIN_LETTERS) {
      return err(
        'it has no text layer (a scanned or image-only PDF); run it through OCR first and ' +
          'upload the searchable PDF',
      );
    }

    const info = await document.getMetadata().catch(() => undefined);
    const parsed = pagesToDocument(pages, usableTitle(info?.info), sourceName);
    const warnings = [
      ...unreliable.map((page) => ({
        code: 'text_layer_unreliable' as const,
        message:
          `page ${page}: text layer unreliable, OCR suggested (some characters map to ` +
          'nothing readable, so words on this page may be broken)',
      })),
      ...(empty.length > 0 && empty.length < document.numPages
        ? [
            {
              code: 'pages_without_text' as const,
              message:
                `${empty.length === 1 ? 'page' : 'pages'} ${empty.join(', ')}: no text ` +
                '(images only); anything shown only in images is not in the course',
            },
          ]
        : []),
    ];
    return ok(warnings.length > 0 ? { ...parsed, warnings } : parsed);
  } finally {
    await document.destroy();
  }
}

/** Items in content-stream order become runs; a whitespace item marks the run after it. */
function toRuns(items: readonly PdfTextItem[]): TextRun[] {
  const runs: TextRun[] = [];
  let afterSpace = false;
  for (const item of items) {
    const run = toRun(item);
    if (run === undefined) continue;
    if (run.text.trim() === '') {
      afterSpace = true;
      continue;
    }
    runs.push(afterSpace ? { ...run, spaceBefore: true } : run);
    afterSpace = /\s$/.test(run.text);
  }
  return runs;
}

function toRun(item: PdfTextItem): TextRun | undefined {
  const [a = 1, b = 0, c = 0, d = 1, x = 0, y = 0] = item.transform;
  // Limitation: rotated text (side labels, stamps) is skipped.
  if (Math.abs(b) > 0.01 || Math.abs(c) > 0.01 || a <= 0) return undefined;
  const text = repairText(item.str);
  return text === '' ? undefined : { text, x, y, width: item.width, size: Math.abs(d) };
}

function describeOpenFailure(error: unknown): string {
  const name = (error as { name?: string }).name ?? '';
  if (name === 'PasswordException') {
    return 'it is encrypted and needs a password; remove the password and upload it again';
  }
  if (name === 'InvalidPDFException') {
    return 'it is corrupt or not really a PDF (pdf.js could not find its structure)';
  }
  return `it could not be read as a PDF (${(error as Error).message ?? String(error)})`;
}

/** Producers fill the title with file names ("Microsoft Word - policy.docx"); skip those. */
function usableTitle(info: unknown): string | undefined {
  const title = (info as { Title?: unknown } | undefined)?.Title;
  if (typeof title !== 'string') return undefined;
  const trimmed = title.replace(/\s+/g, ' ').trim();
  if (trimmed === '' || /^untitled$/i.test(trimmed)) return undefined;
  if (/^microsoft (word|powerpoint)|\.(docx?|pptx?|pdf)$/i.test(trimmed)) return undefined;
  return trimmed;
}

function pdfjsAssets(): { cMaps: string; standardFonts: string } {
  const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return { cMaps: `${join(root, 'cmaps')}/`, standardFonts: `${join(root, 'standard_fonts')}/` };
}
