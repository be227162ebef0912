/**
 * First pass over a Markdown file: removes what is never prose (YAML front matter, code
 * fences, HTML comments, Liquid tags, raw HTML tags) while keeping every line in place, so the
 * block reader that follows still reports the author's line numbers.
 */

export interface MarkdownLines {
  /** The source lines with noise blanked out; index 0 is line 1. */
  lines: string[];
  /** The `title` of the YAML front matter, when there is one. */
  frontMatterTitle: string | undefined;
}

const FRONT_MATTER_FENCE = /^---\s*$/;
const FRONT_MATTER_END = /^(---|\.\.\.)\s*$/;
const FRONT_MATTER_TITLE = /^title:\s*(.*?)\s*$/;
const CODE_FENCE_OPEN = /^ {0,3}(`{3,}|~{3,})/;

// Each pattern can span lines; matches are blanked but their newlines are kept.
const MULTI_LINE_NOISE: readonly RegExp[] = [
  /<!--[\s\S]*?(?:-->|$)/g,
  /\{%-?\s*comment\s*-?%\}[\s\S]*?\{%-?\s*endcomment\s*-?%\}/g,
  /\{%[\s\S]*?%\}/g,
  /\{\{[\s\S]*?\}\}/g,
  /<(script|style)\b[\s\S]*?<\/\1\s*>/gi,
  // Limitation: HTML cells written on one line (<td>a</td><td>b</td>) merge into one paragraph.
  /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?\/?>/g,
];

export function stripMarkdownNoise(content: string): MarkdownLines {
  const lines = content
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n');

  const frontMatterTitle = blankFrontMatter(lines);
  blankCodeFences(lines);

  let text = lines.join('\n');
  for (const pattern of MULTI_LINE_NOISE) {
    text = text.replace(pattern, keepNewlinesOnly);
  }

  return { lines: text.split('\n'), frontMatterTitle };
}

/** The replaced text becomes one space per line it covered, so line numbers never shift. */
function keepNewlinesOnly(match: string): string {
  return match.replace(/[^\n]+/g, ' ');
}

function blankFrontMatter(lines: string[]): string | undefined {
  if (!FRONT_MATTER_FENCE.test(lines[0] ?? '')) return undefined;

  const end = lines.findIndex((line, index) => index > 0 && FRONT_MATTER_END.test(line));
  if (end < 0) return undefined;

  let title: string | undefined;
  for (let index = 0; index <= end; index += 1) {
    const match = FRONT_MATTER_TITLE.exec(lines[index] ?? '');
    // Limitation: folded or multi-line YAML titles (`title: >-`) are not read.
    if (match?.[1] && !/^[>|]/.test(match[1])) title = unquote(match[1]);
    lines[index] = '';
  }
  return title === '' ? undefined : title;
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return (quoted ? (quoted[2] ?? '') : value).trim();
}

/**
 * A fence closes on the same character repeated at least as often (CommonMark); an unclosed
 * fence runs to the end of the file, as renderers show it.
 */
function blankCodeFences(lines: string[]): void {
  let fence: string | undefined;

  for (let index = 0; index < lines.length; index += 1) {
    const line = lines[index] ?? '';

    if (fence === undefined) {
      const open = CODE_FENCE_OPEN.exec(line);
      if (!open?.[1]) continue;
      fence = open[1];
      lines[index] = '';
      continue;
    }

    const close = new RegExp(`^ {0,3}${fence.charAt(0)}{${fence.length},}\\s*$`);
    if (close.test(line)) fence = undefined;
    lines[index] = '';
  }
}
