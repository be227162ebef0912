/**
 * Small helpers over the XML DOM for Office Open XML parts. Elements are matched by local
 * name, so the prefixes a producer chose (w:, a:, p:) never matter.
 */
import { DOMParser } from '@xmldom/xmldom';
import type { Element, Node } from '@xmldom/xmldom';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';

export type { Element };

const ELEMENT_NODE = 1;

export function parseXml(text: string, partName: string): Result<Element, string> {
  try {
    const document = new DOMParser({
      onError: (level, message) => {
        if (level !== 'warning') throw new Error(message);
      },
    }).parseFromString(text, 'text/xml');
    const root = document.documentElement;
    return root ? ok(root) : err(`${partName} has no root element`);
  } catch (error) {
    return err(`${partName} is not well-formed XML (${(error as Error).message.split('\n')[0]})`);
  }
}

export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

export function children(element: Element, localName?: string): Element[] {
  const found: Element[] = [];
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (isElement(node) && (localName === undefined || node.localName === localName)) {
      found.push(node);
    }
  }
  return found;
}

export function child(element: Element, localName: string): Element | undefined {
  return children(element, localName)[0];
}

/** The first element down a path of local names: `path(p, 'pPr', 'numPr', 'numId')`. */
export function path(element: Element, ...names: string[]): Element | undefined {
  let current: Element | undefined = element;
  for (const name of names) {
    if (!current) return undefined;
    current = child(current, name);
  }
  return current;
}

export function descendants(element: Element, localName: string): Element[] {
  return Array.from(element.getElementsByTagNameNS('*', localName));
}

/** An attribute by local name, whatever its prefix (w:val, r:id, val). */
export function attribute(element: Element | undefined, localName: string): string | undefined {
  if (!element) return undefined;
  for (const attr of Array.from(element.attributes)) {
    if (attr.localName === localName || attr.name === localName) return attr.value;
  }
  return undefined;
}
