/**
 * Reads the answer forms of a learner page the way a browser without script would use them:
 * where each form posts, and the name/value each of its buttons submits.
 */

export interface PageForm {
  action: string;
  hidden: Record<string, string>;
  /** Label and payload of each submit button. */
  buttons: { label: string; payload: string }[];
  hasTextBox: boolean;
}

export function formsOf(page: string): PageForm[] {
  return [...page.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)].map((match) => {
    const inner = match[2] ?? '';
    const inputs = [...inner.matchAll(/<input\b([^>]*)>/g)].map((input) => attributes(input[1]));
    const hidden = Object.fromEntries(
      inputs.filter((input) => input.type === 'hidden').map((input) => [input.name, input.value]),
    );
    const buttons = [...inner.matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/g)]
      .map((button) => ({ attributes: attributes(button[1]), label: button[2] ?? '' }))
      .filter((button) => button.attributes.name === 'payload')
      .map((button) => ({
        payload: button.attributes.value ?? '',
        label: decode(button.label.trim()),
      }));
    return {
      action: attributes(match[1]).action ?? '',
      hidden,
      buttons,
      hasTextBox: inner.includes('<textarea'),
    };
  });
}

/** The attributes of a tag, whatever their order and line breaks, values decoded. */
function attributes(source: string | undefined): Record<string, string> {
  return Object.fromEntries(
    [...(source ?? '').matchAll(/([\w-]+)="([^"]*)"/g)].map((pair) => [
      pair[1] ?? '',
      decode(pair[2] ?? ''),
    ]),
  );
}

/** Visible text of a page, tags removed and entities decoded, for assertions on wording. */
export function textOf(page: string): string {
  return decode(page.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim();
}

export function decode(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
