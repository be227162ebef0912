/**
 * Reads a source document from disk in any supported format (PDF, DOCX, PPTX, HTML, Markdown,
 * plain text, told apart by content), with a message naming the file and the reason when it
 * cannot be used: missing, a folder, too large, empty, encrypted, corrupt, a scan, of a type
 * not supported, or in a language other than the one expected.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { IngestionWarning, ParsedDocument } from './document-model.ts';
import { ingestDocument, MAX_SOURCE_BYTES } from './ingestion/ingest-document.ts';
import type { IngestOptions } from './ingestion/ingest-document.ts';
import type { DocumentFormat } from './ingestion/detect-format.ts';
import type { ContentLanguage } from './language.ts';

export { MAX_SOURCE_BYTES };
export type SourceFormat = DocumentFormat;

/** A document read from disk: it can be handed to generateCourse as it is. */
export interface SourceDocument {
  name: string;
  /** The document's text, one block a line. */
  content: string;
  format: SourceFormat;
  document: ParsedDocument;
  language: ContentLanguage;
  byteSize: number;
  warnings: IngestionWarning[];
}

/**
 * @example
 *   const source = await readSourceFile('handbook.pdf');
 *   if (source.ok) generateCourse(source.value);
 */
export async function readSourceFile(
  path: string,
  options: Omit<IngestOptions, 'label'> = {},
): Promise<Result<SourceDocument, string>> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return err(`${path}: file not found`);
  if (!info.isFile()) return err(`${path}: not a file`);
  const maxBytes = options.maxBytes ?? MAX_SOURCE_BYTES;
  if (info.size > maxBytes) {
    return err(`${path}: ${info.size} bytes is over the ${maxBytes}-byte limit`);
  }

  const bytes = new Uint8Array(await readFile(path));
  const read = await ingestDocument(basename(path), bytes, { ...options, label: path });
  if (!read.ok) return read;
  const { name, format, document, language, byteSize, warnings, text } = read.value;
  return ok({ name, content: text, format, document, language, byteSize, warnings });
}
