import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { err, ok, type Result } from '../shared/result.ts';

export type SourceFormat = 'markdown' | 'text';

export interface SourceDocument {
  name: string;
  content: string;
  format: SourceFormat;
}

const FORMATS: Record<string, SourceFormat> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
};

/** Large enough for any handbook in text form; larger files are almost always a mistake. */
export const MAX_SOURCE_BYTES = 10 * 1024 * 1024;

/**
 * Reads a source document from disk, with a message naming the file and the reason when it
 * cannot be used: missing, a folder, too large, empty, binary, or of a type not supported.
 */
export async function readSourceFile(path: string): Promise<Result<SourceDocument, string>> {
  const name = basename(path);
  const info = await stat(path).catch(() => undefined);
  if (!info) return err(`${path}: file not found`);
  if (!info.isFile()) return err(`${path}: not a file`);
  if (info.size > MAX_SOURCE_BYTES) {
    return err(`${path}: ${info.size} bytes is over the ${MAX_SOURCE_BYTES}-byte limit`);
  }

  const format = FORMATS[extname(path).toLowerCase()];
  if (!format) {
    const supported = Object.keys(FORMATS).join(', ');
    return err(
      `${path}: unsupported document type "${extname(path) || 'none'}"; ` +
        `supported here: ${supported}`,
    );
  }

  const bytes = await readFile(path);
  if (bytes.includes(0)) return err(`${path}: looks like a binary file, not ${format}`);
  const content = bytes.toString('utf8');
  if (content.trim() === '') return err(`${path}: the document is empty`);
  return ok({ name, content, format });
}
