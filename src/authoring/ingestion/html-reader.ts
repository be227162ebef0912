/**
 * Reads an HTML page into the document model: the main content only (html-main-content.ts),
 * headings as sections, paragraphs, ordered and unordered lists with their numbers and
 * nesting, tables as one sentence per row. Code blocks and images are not prose and are left
 * out. Blocks are located by the source line they start on.
 */
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';
import { DocumentBuilder } from '../document-builder.ts';
import type { ListPosition, ParsedDocument } from '../document-model.ts';
import { tidyWhitespace } from '../markdown-inline.ts';
import { describeTable } from '../table-rows.ts';
import { findMainContent, isBoilerplate, isElementNode } from './html-main-content.ts';
import { repairText } from './text-repair.ts';

const HEADING = /^h([1-6])$/;
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'main',
  'header',
  'footer',
  'blockquote',
  'figure',
  'figcaption',
  'dl',
  'dt',
  'dd',
  'address',
  'details',
  'summary',
]);
const SKIPPED = new Set(['pre', 'img', 'picture', 'video', 'audio', 'map', 'object', 'math']);

export function readHtml(html: string, sourceName: string): ParsedDocument {
  const root = parseDocument(html, { withStartIndices: true, decodeEntities: true });
  const lineStarts = lineOffsets(html);
  const html5Root = root.children.find(
    (node): node is Element => isElementNode(node) && node.name === 'html',
  );
  const top = html5Root ?? (root as unknown as Element);

  const walker = new HtmlWalker((offset) => lineAt(lineStarts, offset));
  walker.walk(findMainContent(top), true);
  return walker.finish(titleOf(top), sourceName);
}

class HtmlWalker {
  private readonly builder = new DocumentBuilder();
  private listCount = 0;

  constructor(private readonly lineOf: (offset: number) => number) {}

  walk(element: Element, insideMain: boolean): void {
    let inline: ChildNode[] = [];
    const flushInline = (): void => {
      const text = textOf(inline);
      if (text !== '' && inline[0]) {
        this.builder.addBlock('paragraph', text, this.lineOf(inline[0].startIndex ?? 0));
      }
      inline = [];
    };

    for (const node of element.children) {
      if (!isElementNode(node)) {
        if (node.type === 'text') inline.push(node);
        continue;
      }
      const name = node.name.toLowerCase();
      if (isBoilerplate(node, insideMain) || SKIPPED.has(name)) continue;
      if (!isBlockElement(name)) {
        inline.push(node);
        continue;
      }

      flushInline();
      this.readBlock(node, name, insideMain);
    }
    flushInline();
  }

  finish(title: string | undefined, sourceName: string): ParsedDocument {
    return this.builder.finish(title, sourceName);
  }

  private readBlock(node: Element, name: string, insideMain: boolean): void {
    const line = this.lineOf(node.startIndex ?? 0);
    const heading = HEADING.exec(name)?.[1];
    if (heading) {
      this.builder.startSection(textOf(node.children), Number(heading), line);
    } else if (name === 'ul' || name === 'ol') {
      this.readList(node, 1);
    } else if (name === 'table') {
      for (const row of describeTable(tableRows(node))) {
        this.builder.addBlock('table_row', row, line);
      }
    } else if (name === 'li') {
      this.builder.addBlock('list_item', textOf(node.children), line);
    } else if (hasBlockChildren(node)) {
      this.walk(node, insideMain);
    } else {
      this.builder.addBlock('paragraph', textOf(node.children), line);
    }
  }

  private readList(list: Element, depth: number): void {
    this.listCount += 1;
    const id = `html-list-${this.listCount}`;
    const ordered = list.name.toLowerCase() === 'ol';
    let number = Number(list.attribs.start ?? 1) - 1;

    for (const item of list.children) {
      if (!isElementNode(item) || item.name.toLowerCase() !== 'li') continue;
      number = item.attribs.value ? Number(item.attribs.value) : number + 1;
      const own = item.children.filter(
        (child) => !(isElementNode(child) && ['ul', 'ol'].includes(child.name.toLowerCase())),
      );
      const position: ListPosition = { list: id, number: ordered ? number : null, depth };
      this.builder.addBlock('list_item', textOf(own), this.lineOf(item.startIndex ?? 0), {
        list: position,
      });
      for (const nested of item.children) {
        if (isElementNode(nested) && ['ul', 'ol'].includes(nested.name.toLowerCase())) {
          this.readList(nested, depth + 1);
        }
      }
    }
  }
}

function isBlockElement(name: string): boolean {
  return BLOCKS.has(name) || HEADING.test(name) || ['ul', 'ol', 'li', 'table', 'hr'].includes(name);
}

function hasBlockChildren(element: Element): boolean {
  return element.children.some(
    (node) => isElementNode(node) && isBlockElement(node.name.toLowerCase()),
  );
}

function textOf(nodes: readonly ChildNode[]): string {
  let text = '';
  const visit = (node: ChildNode): void => {
    if (node.type === 'text') text += node.data;
    else if (isElementNode(node)) {
      const name = node.name.toLowerCase();
      if (SKIPPED.has(name) || ['script', 'style', 'template'].includes(name)) return;
      if (name === 'br') text += ' ';
      for (const next of node.children) visit(next);
      if (name === 'td' || name === 'th') text += ' ';
    }
  };
  nodes.forEach(visit);
  return tidyWhitespace(repairText(text));
}

function tableRows(table: Element): string[][] {
  const rows: string[][] = [];
  const visit = (element: Element): void => {
    for (const node of element.children) {
      if (!isElementNode(node)) continue;
      const name = node.name.toLowerCase();
      if (name === 'tr') {
        rows.push(
          node.children
            .filter((cell): cell is Element => isElementNode(cell) && /^t[dh]$/i.test(cell.name))
            .map((cell) => textOf(cell.children)),
        );
      } else if (['thead', 'tbody', 'tfoot'].includes(name)) visit(node);
    }
  };
  visit(table);
  return rows;
}

function titleOf(root: Element): string | undefined {
  const find = (element: Element): Element | undefined => {
    for (const node of element.children) {
      if (!isElementNode(node)) continue;
      if (node.name.toLowerCase() === 'title') return node;
      const inner = find(node);
      if (inner) return inner;
    }
    return undefined;
  };
  const title = find(root);
  const text = title ? textOf(title.children) : '';
  return text === '' ? undefined : text;
}

function lineOffsets(text: string): number[] {
  const starts = [0];
  for (let index = text.indexOf('\n'); index >= 0; index = text.indexOf('\n', index + 1)) {
    starts.push(index + 1);
  }
  return starts;
}

function lineAt(starts: readonly number[], offset: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if ((starts[middle] ?? 0) <= offset) low = middle;
    else high = middle - 1;
  }
  return low + 1;
}
