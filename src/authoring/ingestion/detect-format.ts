/**
 * The type of a document from its bytes, not its name: a PDF renamed .docx is still read as
 * a PDF (with a warning), and an image or spreadsheet is refused by what it is. The name only
 * tells Markdown from plain text, which have no signature.
 */
import JSZip from 'jszip';
import { extname } from 'node:path';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';

export const DOCUMENT_FORMATS = ['pdf', 'docx', 'pptx', 'html', 'markdown', 'text'] as const;
export type DocumentFormat = (typeof DOCUMENT_FORMATS)[number];

const EXTENSIONS: Record<string, DocumentFormat> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.pptx': 'pptx',
  '.html': 'html',
  '.htm': 'html',
  '.xhtml': 'html',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.text': 'text',
};

export interface DetectedFormat {
  format: DocumentFormat;
  /** Set when the name says one type and the content another. */
  mismatch?: string;
}

const startsWith = (bytes: Uint8Array, signature: readonly number[], at = 0): boolean =>
  signature.every((byte, index) => bytes[at + index] === byte);

const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const IMAGES: ReadonlyArray<readonly [string, readonly number[]]> = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['TIFF image', [0x49, 0x49, 0x2a, 0x00]],
  ['TIFF image', [0x4d, 0x4d, 0x00, 0x2a]],
];

export async function detectFormat(
  bytes: Uint8Array,
  name: string,
): Promise<Result<DetectedFormat, string>> {
  const byName = EXTENSIONS[extname(name).toLowerCase()];
  const found = await formatFromContent(bytes, byName);
  if (!found.ok) return found;

  const format = found.value;
  const textual = (value: DocumentFormat | undefined) => value === 'markdown' || value === 'text';
  const agrees = byName === undefined || byName === format || (textual(byName) && textual(format));
  return ok(
    agrees
      ? { format }
      : {
          format,
          mismatch: `named ${extname(name)} but the content is ${format}; read as ${format}`,
        },
  );
}

async function formatFromContent(
  bytes: Uint8Array,
  byName: DocumentFormat | undefined,
): Promise<Result<DocumentFormat, string>> {
  if (bytes.length === 0) return err('the file is empty');
  // The header may follow a few bytes of junk; readers accept it within the first kilobyte.
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (startsWith(bytes, PDF) || head.includes('%PDF-')) return ok('pdf');
  if (startsWith(bytes, ZIP)) return officeFormat(bytes);
  if (startsWith(bytes, OLE)) {
    return err(
      'it is an encrypted Office file or an old binary .doc/.ppt; remove the password ' +
        'or save it as .docx/.pptx, then upload it again',
    );
  }
  const image = IMAGES.find(([, signature]) => startsWith(bytes, signature));
  if (image) return err(`it is a ${image[0]}; scanned pages need OCR into a searchable PDF first`);

  const text = decodeText(bytes);
  if (text === undefined) return err('it is a binary file of a type that is not supported');
  if (looksLikeHtml(text)) return ok('html');
  if (byName === 'markdown' || byName === 'text') return ok(byName);
  return ok(looksLikeMarkdown(text) ? 'markdown' : 'text');
}

async function officeFormat(bytes: Uint8Array): Promise<Result<DocumentFormat, string>> {
  let names: string[];
  try {
    names = Object.keys((await JSZip.loadAsync(bytes)).files);
  } catch {
    return err('it is a damaged ZIP archive (a corrupt or truncated Office file?)');
  }
  if (names.some((name) => name.startsWith('word/'))) return ok('docx');
  if (names.some((name) => name.startsWith('ppt/'))) return ok('pptx');
  if (names.some((name) => name.startsWith('xl/'))) {
    return err('it is an Excel workbook; spreadsheets are not supported as course sources');
  }
  return err('it is a ZIP archive, not a Word or PowerPoint document');
}

/** UTF-8 (with or without BOM) or UTF-16 with a BOM; undefined for binary content. */
export function decodeText(bytes: Uint8Array): string | undefined {
  if (startsWith(bytes, [0xff, 0xfe])) return new TextDecoder('utf-16le').decode(bytes.subarray(2));
  if (startsWith(bytes, [0xfe, 0xff])) return new TextDecoder('utf-16be').decode(bytes.subarray(2));
  if (bytes.includes(0)) return undefined;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    // Limitation: text files in legacy 8-bit encodings are read as Windows-1252.
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

function looksLikeHtml(text: string): boolean {
  const start = text.slice(0, 2048).trimStart().toLowerCase();
  return (
    /^(<!doctype html|<html[\s>]|<\?xml[^>]*>\s*<html)/.test(start) || /<body[\s>]/.test(start)
  );
}

function looksLikeMarkdown(text: string): boolean {
  return (
    /^---\r?\n/.test(text) ||
    /^#{1,6}\s+\S/m.test(text) ||
    /\[[^\]]+\]\([^)]+\)/.test(text) ||
    /^\s*[-*]\s+\S/m.test(text)
  );
}
