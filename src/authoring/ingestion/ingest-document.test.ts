import { describe, expect, it } from 'vitest';
import { buildDocx, buildPptx } from '../fixtures/office-fixtures.ts';
import {
  buildImageOnlyPdf,
  buildPasswordProtectedPdf,
  buildTwoColumnPdf,
} from '../fixtures/pdf-fixtures.ts';
import { ingestDocument } from './ingest-document.ts';

const text = (value: string): Uint8Array => new TextEncoder().encode(value);
const PROSE =
  'Every visitor signs in at Reception. Visitors wear a badge at all times. ' +
  'Hosts collect their visitors from Reception and walk them out again.';

describe('ingestDocument tells the type from the content', () => {
  it.each([
    ['policy.pdf', 'pdf', () => buildTwoColumnPdf()],
    ['handbook.docx', 'docx', () => buildDocx([{ text: PROSE }])],
    ['deck.pptx', 'pptx', () => buildPptx([{ file: 1, title: 'Visitors', bullets: [PROSE] }])],
    ['page.html', 'html', async () => text(`<!doctype html><p>${PROSE}</p>`)],
    ['notes.md', 'markdown', async () => text(`# Visitors\n\n${PROSE}`)],
    ['notes.txt', 'text', async () => text(PROSE)],
  ])('reads %s as %s', async (name, format, build) => {
    const read = await ingestDocument(name, await build());
    if (!read.ok) throw new Error(read.error);
    expect(read.value.format).toBe(format);
    expect(read.value.warnings.filter((w) => w.code === 'format_mismatch')).toEqual([]);
  });

  it('reads a PDF named .docx as a PDF, and says so', async () => {
    const read = await ingestDocument('handbook.docx', await buildTwoColumnPdf());
    if (!read.ok) throw new Error(read.error);
    expect(read.value.format).toBe('pdf');
    expect(read.value.warnings).toContainEqual({
      code: 'format_mismatch',
      message: 'named .docx but the content is pdf; read as pdf',
    });
  });
});

describe('ingestDocument refuses bad input with the file and the reason', () => {
  it.each([
    ['empty.md', async () => new Uint8Array(), /^empty\.md: the document is empty$/],
    ['blank.txt', async () => text('   \n\n  '), /^blank\.txt: the document is empty/],
    ['scan.pdf', () => buildImageOnlyPdf(), /^scan\.pdf: it has no text layer.*OCR/],
    ['secret.pdf', async () => buildPasswordProtectedPdf(), /^secret\.pdf: it is encrypted/],
    [
      'secret.docx',
      async () => new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]),
      /^secret\.docx: it is an encrypted Office file or an old binary \.doc/,
    ],
    [
      'broken.docx',
      async () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 9, 9, 9, 9]),
      /^broken\.docx: it is a damaged ZIP archive/,
    ],
    [
      'photo.pdf',
      async () => new Uint8Array([0x89, 0x50, 0x4e, 0x47, 13, 10]),
      /^photo\.pdf: it is a PNG image/,
    ],
    [
      'tool.exe',
      async () => new Uint8Array([0x4d, 0x5a, 0, 0, 1, 0]),
      /^tool\.exe: it is a binary file/,
    ],
  ])('%s', async (name, build, message) => {
    const read = await ingestDocument(name, await build());
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toMatch(message);
  });

  it('refuses a file over the size limit before reading it', async () => {
    const read = await ingestDocument('big.txt', text(PROSE), { maxBytes: 50 });
    expect(read).toEqual({
      ok: false,
      error: `big.txt: ${text(PROSE).length} bytes is over the 50-byte limit`,
    });
  });

  it('refuses a document in another language than the one expected', async () => {
    const spanish =
      'Todos los visitantes se registran en la recepción. Los visitantes llevan una ' +
      'credencial en todo momento y el anfitrión los acompaña hasta la salida.';
    const read = await ingestDocument('visitas.md', text(spanish), { expectLanguages: ['en'] });
    expect(read).toEqual({
      ok: false,
      error: 'visitas.md: the document looks to be in Spanish (es), not English (en) as expected',
    });
  });
});
