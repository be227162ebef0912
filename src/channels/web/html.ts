/**
 * HTML built so that escaping cannot be forgotten: the `html` template escapes every value
 * it is given unless that value is already SafeHtml made by this module. Course text and
 * anything a learner typed only ever reach a page through it.
 */

export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

type HtmlValue = SafeHtml | string | number | null | undefined | false | readonly HtmlValue[];

/**
 * @example html`<p>${'<b>'}</p>`.value // '<p>&lt;b&gt;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += render(value) + (strings[index + 1] ?? '');
  });
  return new SafeHtml(out);
}

/** Markup that is known to be safe because it is written here, not taken from input. */
export function trusted(markup: string): SafeHtml {
  return new SafeHtml(markup);
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/**
 * Paragraphs from plain text: blank lines separate paragraphs, single line breaks stay line
 * breaks, and web addresses become links.
 */
export function paragraphsHtml(text: string, paragraphStyle?: string): SafeHtml {
  const paragraphs = text
    .split(/\r?\n\s*\r?\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
  return html`${paragraphs.map((paragraph) => {
    const lines = paragraph.split(/\r?\n/).map(linkified);
    const joined = lines.flatMap((line, index) => (index === 0 ? [line] : [trusted('<br>'), line]));
    return paragraphStyle
      ? html`<p style="${paragraphStyle}">${joined}</p>`
      : html`<p>${joined}</p>`;
  })}`;
}

/** Only http(s) addresses are ever put in an href or src; anything else is shown as text. */
export function isWebAddress(candidate: string): boolean {
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
}

const URL_IN_TEXT = /\bhttps?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

function linkified(line: string): SafeHtml {
  const parts: HtmlValue[] = [];
  let last = 0;
  for (const match of line.matchAll(URL_IN_TEXT)) {
    const start = match.index ?? 0;
    parts.push(line.slice(last, start));
    parts.push(
      isWebAddress(match[0])
        ? html`<a href="${match[0]}" rel="noopener noreferrer">${match[0]}</a>`
        : match[0],
    );
    last = start + match[0].length;
  }
  parts.push(line.slice(last));
  return html`${parts}`;
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
