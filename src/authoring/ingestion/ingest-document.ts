/**
 * One entry point from a file's bytes to the document model, for every supported format.
 * Whatever cannot be used — too large, empty, an unsupported type, encrypted, corrupt, a scan
 * without text, a language other than the one expected — comes back as one message naming
 * the file and the reason, and nothing is kept.
 */
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { blocksOf } from '../document-model.ts';
import type { IngestionWarning, ParsedDocument } from '../document-model.ts';
import { detectLanguage, LANGUAGE_NAMES } from '../language.ts';
import type { ContentLanguage } from '../language.ts';
import { readMarkdown } from '../markdown-reader.ts';
import { readPlainText } from '../plain-text-reader.ts';
import { countWords } from '../sentences.ts';
import { decodeText, detectFormat } from './detect-format.ts';
import type { DocumentFormat } from './detect-format.ts';
import { readDocx } from './docx-reader.ts';
import { readHtml } from './html-reader.ts';
import { readPdf } from './pdf-reader.ts';
import type { PageProgress } from './pdf-reader.ts';
import { readPptx } from './pptx-reader.ts';

/** Large enough for any handbook or deck; larger files are almost always a mistake. */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;
// A document with fewer words than this has nothing to teach.
const MIN_WORDS = 12;

export interface IngestOptions {
  /** How the file is named in messages (a path on the command line); default its name. */
  label?: string;
  maxBytes?: number;
  /** Languages the author expects; a document in another one is refused. */
  expectLanguages?: readonly string[];
  onPage?: PageProgress;
}

export interface IngestedDocument {
  name: string;
  format: DocumentFormat;
  byteSize: number;
  language: ContentLanguage;
  document: ParsedDocument;
  /** The document's text, one block a line, for previews and plain-text consumers. */
  text: string;
  warnings: IngestionWarning[];
}

/**
 * @example
 *   const read = await ingestDocument('policy.pdf', bytes, { expectLanguages: ['en'] });
 *   if (!read.ok) console.error(read.error); // "policy.pdf: it is encrypted and needs ..."
 */
export async function ingestDocument(
  name: string,
  bytes: Uint8Array,
  options: IngestOptions = {},
): Promise<Result<IngestedDocument, string>> {
  const label = options.label ?? name;
  const fail = (reason: string): Result<never, string> => err(`${label}: ${reason}`);
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  if (bytes.length > maxBytes) {
    return fail(`${bytes.length} bytes is over the ${maxBytes}-byte limit`);
  }
  if (bytes.length === 0) return fail('the document is empty');

  const detected = await detectFormat(bytes, name);
  if (!detected.ok) return fail(detected.error);
  const { format, mismatch } = detected.value;

  const parsed = await readByFormat(format, bytes, name, options.onPage);
  if (!parsed.ok) return fail(parsed.error);
  const document = parsed.value;

  const blocks = blocksOf(document);
  const text = blocks.map((block) => block.text).join('\n');
  if (countWords(text) < MIN_WORDS) {
    return fail('the document is empty: no readable text was found in it');
  }

  const language = detectLanguage(text);
  const expected = options.expectLanguages ?? [];
  if (expected.length > 0 && !expected.includes(language)) {
    const wanted = expected.map((code) => describeLanguage(code)).join(' or ');
    return fail(`the document looks ${describeDetected(language)}, not ${wanted} as expected`);
  }

  const warnings = [
    ...(mismatch ? [{ code: 'format_mismatch' as const, message: mismatch }] : []),
    ...(document.warnings ?? []),
  ];
  return ok({ name, format, byteSize: bytes.length, language, document, text, warnings });
}

async function readByFormat(
  format: DocumentFormat,
  bytes: Uint8Array,
  name: string,
  onPage: PageProgress | undefined,
): Promise<Result<ParsedDocument, string>> {
  switch (format) {
    case 'pdf':
      return readPdf(bytes, name, onPage);
    case 'docx':
      return readDocx(bytes, name);
    case 'pptx':
      return readPptx(bytes, name);
    case 'html':
    case 'markdown':
    case 'text': {
      const text = decodeText(bytes);
      if (text === undefined) return err('it is a binary file, not text');
      return ok(readText(format, text, name));
    }
  }
}

/** The readers of formats that arrive as text. */
export function readText(
  format: 'html' | 'markdown' | 'text',
  content: string,
  name: string,
): ParsedDocument {
  if (format === 'html') return readHtml(content, name);
  if (format === 'markdown') return readMarkdown(content, name);
  return readPlainText(content, name);
}

function describeLanguage(code: string): string {
  const name = LANGUAGE_NAMES[code as ContentLanguage];
  return name ? `${name} (${code})` : code;
}

function describeDetected(language: ContentLanguage): string {
  return language === 'und'
    ? 'to be in a language that was not recognised'
    : `to be in ${describeLanguage(language)}`;
}
