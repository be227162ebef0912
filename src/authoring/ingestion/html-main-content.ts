/**
 * Finds the main content of a web page and drops its boilerplate: navigation, headers and
 * footers of the site, sidebars, cookie banners, forms, scripts. A page that marks its main
 * content (<main>, role="main", a single <article>) is trusted; otherwise the block with the
 * most prose that is not link text wins, as readability tools do.
 */
import type { ChildNode, Element } from 'domhandler';

const NEVER_CONTENT = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'form',
  'button',
  'input',
  'select',
  'textarea',
  'nav',
  'aside',
  'head',
]);
const BOILERPLATE_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
]);
const BOILERPLATE_NAME =
  /(^|[-_\s])(nav|navbar|menu|sidebar|footer|masthead|breadcrumbs?|cookie|consent|banner|social|share|comments?|related|advert|ads|promo|newsletter|skip-link)([-_\s]|$)/i;
const PROSE = new Set(['p', 'li', 'td', 'th', 'dd', 'blockquote', 'h1', 'h2', 'h3', 'h4']);

export function isElementNode(node: ChildNode): node is Element {
  return node.type === 'tag' || node.type === 'script' || node.type === 'style';
}

/** True for elements a reader never takes as content, wherever they are. */
export function isBoilerplate(element: Element, insideMain: boolean): boolean {
  const name = element.name.toLowerCase();
  if (NEVER_CONTENT.has(name)) return true;
  if (element.attribs.hidden !== undefined || element.attribs['aria-hidden'] === 'true')
    return true;
  if (BOILERPLATE_ROLES.has(element.attribs.role ?? '')) return true;
  // A header or footer inside the article is its own byline or notes; outside it, the site's.
  if ((name === 'header' || name === 'footer') && !insideMain) return true;
  const label = `${element.attribs.id ?? ''} ${element.attribs.class ?? ''}`;
  return name !== 'body' && name !== 'main' && name !== 'article' && BOILERPLATE_NAME.test(label);
}

/** The element holding the page's main content; the body when nothing stands out. */
export function findMainContent(root: Element): Element {
  const marked =
    findAll(root, (element) => element.name === 'main' || element.attribs.role === 'main')[0] ??
    singleOrUndefined(findAll(root, (element) => element.name === 'article'));
  if (marked) return marked;

  const body = findAll(root, (element) => element.name === 'body')[0] ?? root;
  const bodyScore = proseScore(body);
  let best: Element = body;
  let bestScore = 0;
  for (const candidate of findAll(body, (element) => ['div', 'section'].includes(element.name))) {
    const score = proseScore(candidate);
    if (score > bestScore) [best, bestScore] = [candidate, score];
  }
  // Only a block with most of the page's prose replaces the body; otherwise keep everything.
  return bestScore >= bodyScore * 0.7 ? best : body;
}

function singleOrUndefined<T>(items: readonly T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}

function findAll(root: Element, test: (element: Element) => boolean): Element[] {
  const found: Element[] = [];
  const visit = (element: Element): void => {
    for (const node of element.children) {
      if (!isElementNode(node)) continue;
      if (test(node)) found.push(node);
      visit(node);
    }
  };
  visit(root);
  return found;
}

/** Characters of prose, less those inside links: navigation is mostly links. */
function proseScore(element: Element): number {
  let prose = 0;
  let links = 0;
  const visit = (node: ChildNode, inProse: boolean, inLink: boolean): void => {
    if (node.type === 'text') {
      const length = node.data.trim().length;
      if (inProse) prose += length;
      if (inLink) links += length;
      return;
    }
    if (!isElementNode(node) || isBoilerplate(node, false)) return;
    const name = node.name.toLowerCase();
    for (const next of node.children) {
      visit(next, inProse || PROSE.has(name), inLink || name === 'a');
    }
  };
  visit(element, false, false);
  return prose - links;
}
