/**
 * The document around every learner-facing page: readable on a phone first, large tap
 * targets, dark mode, no script and nothing loaded from elsewhere but the lesson's own media.
 */
import { html, trusted, type SafeHtml } from './html.ts';

const STYLE = trusted(`
:root { color-scheme: light dark; --accent: #2f5bd3; --card: #fff; --page: #f3f4f7;
  --text: #1c1e21; --muted: #5d6470; --ok: #e6f4ea; --ok-edge: #2e7d4f; --warn: #fdf3e1;
  --warn-edge: #b7791f; }
@media (prefers-color-scheme: dark) { :root { --card: #1e2126; --page: #121417;
  --text: #eceef1; --muted: #a4abb6; --ok: #15301f; --warn: #3a2d12; --accent: #6d8ff0; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--page); color: var(--text);
  font: 18px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  -webkit-text-size-adjust: 100%; overflow-wrap: anywhere; }
main { max-width: 40rem; margin: 0 auto; padding: 1rem 0.9rem 3rem; }
header.brand { color: var(--muted); font-size: 0.85rem; letter-spacing: 0.04em;
  text-transform: uppercase; margin: 0.2rem 0.2rem 0.8rem; }
article { background: var(--card); border-radius: 14px; padding: 1.1rem 1.1rem 1.2rem;
  margin: 0 0 1rem; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.12); }
h1 { font-size: 1.4rem; line-height: 1.3; margin: 0.1rem 0 0.8rem; }
h2 { font-size: 1.1rem; line-height: 1.35; margin: 0 0 0.6rem; }
p { margin: 0 0 0.8rem; }
a { color: var(--accent); }
.media { display: block; width: 100%; height: auto; border-radius: 10px; margin: 0.4rem 0 0.9rem; }
form.answers { display: flex; flex-wrap: wrap; gap: 0.6rem; margin: 0.9rem 0 0; }
form.answers button { flex: 1 1 6rem; }
button { font: inherit; font-weight: 600; min-height: 48px; padding: 0.6rem 1.2rem;
  border-radius: 10px; border: 0; background: var(--accent); color: #fff; cursor: pointer; }
label { display: block; font-weight: 600; margin: 0.6rem 0 0.3rem; }
textarea { width: 100%; min-height: 7rem; font: inherit; padding: 0.6rem; border-radius: 10px;
  border: 1px solid var(--muted); background: var(--page); color: var(--text); }
form.free-text button { margin-top: 0.6rem; width: 100%; }
.notice { border-left: 5px solid var(--ok-edge); background: var(--ok); border-radius: 10px;
  padding: 0.7rem 0.9rem; margin: 0 0 1rem; }
.notice.warn { border-color: var(--warn-edge); background: var(--warn); }
.state { color: var(--muted); font-size: 0.95rem; margin: 0.6rem 0 0; }
.sent-at { color: var(--muted); font-size: 0.8rem; margin: 0 0 0.4rem; }
`);

export interface PageDocument {
  title: string;
  /** BCP 47 language of the content, for screen readers and hyphenation. */
  lang?: string;
  body: SafeHtml;
}

export function renderDocument(page: PageDocument): string {
  return html`<!doctype html>
    <html lang="${page.lang ?? 'en'}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <meta name="referrer" content="no-referrer" />
        <title>${page.title}</title>
        <style>
          ${STYLE}
        </style>
      </head>
      <body>
        <main>
          <header class="brand">Inflow</header>
          ${page.body}
        </main>
      </body>
    </html> `.value;
}

/**
 * Headers for every learner page. The token in the address is a credential: no referrer
 * carries it to an image host, nothing caches the page, and no script may run at all.
 */
export const LEARNER_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'referrer-policy': 'no-referrer',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy':
    "default-src 'none'; img-src https: http:; media-src https: http:; " +
    "style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
};
