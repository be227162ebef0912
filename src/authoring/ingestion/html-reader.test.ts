import { describe, expect, it } from 'vitest';
import { blocksOf } from '../document-model.ts';
import { readHtml } from './html-reader.ts';

const PAGE = `<!DOCTYPE html>
<html><head><title>Visitor policy</title><script>track()</script></head>
<body>
<header class="site-header"><nav><a href="/">Home</a> <a href="/about">About us</a></nav></header>
<div class="cookie-banner">We use cookies to improve this site.</div>
<main>
<h1>Visitors</h1>
<p>Every visitor signs in at <strong>Reception</strong> and wears a visitor badge.</p>
<ol start="1"><li>Sign in at Reception</li><li>Collect the badge<ul><li>Wear it visibly</li></ul></li><li>Meet your host</li></ol>
<table><tr><th>Area</th><th>Escort</th></tr><tr><td>Warehouse</td><td>Always</td></tr></table>
<pre>console.log('not prose')</pre>
</main>
<aside class="sidebar">Related: our careers page.</aside>
<footer>Copyright 2026 Example Ltd.</footer>
</body></html>`;

describe('readHtml', () => {
  const document = readHtml(PAGE, 'visitors.html');
  const texts = blocksOf(document).map((block) => block.text);

  it('keeps the main content and drops navigation, banners, sidebars, footers and code', () => {
    expect(document.title).toBe('Visitor policy');
    expect(texts.join('\n')).not.toMatch(/Home|cookies|careers|Copyright|console/);
    expect(texts[0]).toBe('Every visitor signs in at Reception and wears a visitor badge.');
  });

  it('numbers ordered list items and nests the inner list', () => {
    const items = blocksOf(document).filter((block) => block.kind === 'list_item');
    expect(items.map((item) => [item.text, item.list?.number, item.list?.depth])).toEqual([
      ['Sign in at Reception', 1, 1],
      ['Collect the badge', 2, 1],
      ['Wear it visibly', null, 2],
      ['Meet your host', 3, 1],
    ]);
  });

  it('reads tables as rows and locates blocks by source line', () => {
    const row = blocksOf(document).find((block) => block.kind === 'table_row');
    expect(row).toMatchObject({ text: 'Warehouse: Always.', line: 10 });
  });
});
