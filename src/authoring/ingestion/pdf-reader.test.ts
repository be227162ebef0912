import { describe, expect, it } from 'vitest';
import { blocksOf } from '../document-model.ts';
import {
  buildImageOnlyPdf,
  buildLigaturePdf,
  buildPasswordProtectedPdf,
  buildTwoColumnPdf,
} from '../fixtures/pdf-fixtures.ts';
import { readPdf } from './pdf-reader.ts';

const allText = (document: { sections: { blocks: { text: string }[] }[] }): string =>
  document.sections.flatMap((section) => section.blocks.map((block) => block.text)).join('\n');

describe('readPdf on a two-column page', () => {
  it('reads the left column to the end before the right one, under the spanning title', async () => {
    const parsed = await readPdf(await buildTwoColumnPdf(), 'dock.pdf');
    if (!parsed.ok) throw new Error(parsed.error);

    expect(parsed.value.title).toBe('Loading dock rules');
    expect(blocksOf(parsed.value).map((block) => block.text)).toEqual([
      'Trucks reverse onto the dock only when the marshal waves them in. Drivers stay in the ' +
        'cabin until the wheel chocks are in place. Every delivery is logged in the gate book ' +
        'with its information about the load and the seal number.',
      'Pallets are stacked no higher than two metres in the staging lane. Damaged pallets go ' +
        'to the red cage and never back into the racking. The dock door closes whenever no ' +
        'truck is parked at it, to keep the heat inside the building.',
    ]);
  });

  it('locates blocks by page and drops the lone page number', async () => {
    const parsed = await readPdf(await buildTwoColumnPdf(), 'dock.pdf');
    if (!parsed.ok) throw new Error(parsed.error);
    expect(blocksOf(parsed.value).every((block) => block.location?.kind === 'page')).toBe(true);
    expect(allText(parsed.value)).not.toMatch(/^3$/m);
  });
});

describe('readPdf and ligatures (pitfall DOC-01)', () => {
  it('turns the fi, ff and fl glyphs into plain letters', async () => {
    const parsed = await readPdf(buildLigaturePdf(), 'typeset.pdf');
    if (!parsed.ok) throw new Error(parsed.error);

    const text = allText(parsed.value);
    expect(text).toContain('Scientific definition of effective flow control');
    expect(text).not.toMatch(/[\uFB00-\uFB06]|de nition/u);
    expect(text).not.toContain('\u0000');
    expect(parsed.value.warnings).toBeUndefined();
  });

  it('flags a page whose ToUnicode map sends the glyph to NUL, and stores no NUL', async () => {
    const parsed = await readPdf(buildLigaturePdf({ brokenToUnicode: true }), 'typeset.pdf');
    if (!parsed.ok) throw new Error(parsed.error);

    expect(parsed.value.warnings).toEqual([
      expect.objectContaining({
        code: 'text_layer_unreliable',
        message: expect.stringMatching(/^page 1: text layer unreliable, OCR suggested/),
      }),
    ]);
    expect(allText(parsed.value)).not.toContain('\u0000');
  });
});

describe('readPdf refuses what it cannot read', () => {
  it('names a scan without a text layer and suggests OCR', async () => {
    const parsed = await readPdf(await buildImageOnlyPdf(), 'scan.pdf');
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/no text layer.*OCR/) });
  });

  it('names an encrypted file', async () => {
    const parsed = await readPdf(buildPasswordProtectedPdf(), 'secret.pdf');
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringMatching(/encrypted and needs a password/),
    });
  });

  it('names a corrupt file', async () => {
    const bytes = new TextEncoder().encode('%PDF-1.7\nthis is not a pdf body at all\n');
    const parsed = await readPdf(bytes, 'broken.pdf');
    expect(parsed).toEqual({
      ok: false,
      error: expect.stringMatching(/corrupt|could not be read/),
    });
  });
});
