import { describe, expect, it } from 'vitest';
import { html, paragraphsHtml, trusted } from './html.ts';
import { mediaHtml, mediaKindOf } from './media.ts';

describe('html', () => {
  it('escapes every interpolated value, in text and in attributes', () => {
    const name = `<script>alert("x")</script>`;
    const value = `" onmouseover="steal()`;

    const markup = html`<p title="${value}">${name}</p>`.value;

    expect(markup).toBe(
      '<p title="&quot; onmouseover=&quot;steal()">' +
        '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;</p>',
    );
  });

  it('keeps markup built by html or trusted, and escapes strings inside arrays', () => {
    const items = ['<a>', html`<b>${'&'}</b>`];

    expect(html`${trusted('<hr>')}${items}`.value).toBe('<hr>&lt;a&gt;<b>&amp;</b>');
  });

  it('turns paragraphs and line breaks of plain text into markup', () => {
    const text = 'Lesson 1 of 2: Spills\n\nReport a spill.\nThen clean it.\n\n\n  Last one.  ';

    expect(paragraphsHtml(text).value).toBe(
      '<p>Lesson 1 of 2: Spills</p><p>Report a spill.<br>Then clean it.</p><p>Last one.</p>',
    );
  });

  it('links web addresses in text but never other schemes, and escapes around them', () => {
    const text = 'See https://example.com/a?b=1&c=2. Not javascript:alert(1) <b>';

    expect(paragraphsHtml(text).value).toBe(
      '<p>See <a href="https://example.com/a?b=1&amp;c=2" rel="noopener noreferrer">' +
        'https://example.com/a?b=1&amp;c=2</a>. Not javascript:alert(1) &lt;b&gt;</p>',
    );
  });
});

describe('lesson media', () => {
  it.each([
    ['https://cdn.example.com/img/forklift.JPG', 'image'],
    ['https://cdn.example.com/clips/spill.mp4?sig=1', 'video'],
    ['https://www.youtube.com/watch?v=abc', 'link'],
    ['javascript:alert(1)', undefined],
    ['data:image/png;base64,AAAA', undefined],
  ] as const)('shows %s as %s', (url, kind) => {
    expect(mediaKindOf(url)).toBe(kind);
  });

  it('puts an image inline, a video in a player with a link, and nothing for a bad scheme', () => {
    expect(mediaHtml('https://cdn.example.com/a.png')?.value).toContain(
      '<img class="media" src="https://cdn.example.com/a.png"',
    );
    expect(mediaHtml('https://cdn.example.com/a.webm')?.value).toContain('<video');
    expect(mediaHtml('javascript:alert(1)')).toBeUndefined();
  });
});
