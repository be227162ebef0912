/**
 * Office Open XML packages (DOCX, PPTX) are ZIP files of XML parts tied together by
 * relationship files; this opens one and follows its relationships (ECMA-376 Part 2, OPC).
 */
import JSZip from 'jszip';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { attribute, children, parseXml } from './xml.ts';
import type { Element } from './xml.ts';

export interface Relationship {
  id: string;
  type: string;
  /** The target resolved to a part name inside the package, e.g. "ppt/slides/slide2.xml". */
  target: string;
  external: boolean;
}

export class OfficePackage {
  private constructor(private readonly zip: JSZip) {}

  static async open(bytes: Uint8Array): Promise<Result<OfficePackage, string>> {
    try {
      return ok(new OfficePackage(await JSZip.loadAsync(bytes)));
    } catch (error) {
      return err(`it is not a readable ZIP package (${(error as Error).message})`);
    }
  }

  has(partName: string): boolean {
    return this.zip.file(partName) !== null;
  }

  partNames(): string[] {
    return Object.keys(this.zip.files);
  }

  async text(partName: string): Promise<string | undefined> {
    return this.zip.file(partName)?.async('string');
  }

  async xml(partName: string): Promise<Result<Element | undefined, string>> {
    const text = await this.text(partName);
    if (text === undefined) return ok(undefined);
    return parseXml(text, partName);
  }

  /** The relationships of a part, read from its _rels/<name>.rels file. */
  async relationships(partName: string): Promise<Relationship[]> {
    const folder = partName.includes('/') ? partName.slice(0, partName.lastIndexOf('/')) : '';
    const file = partName.slice(folder.length === 0 ? 0 : folder.length + 1);
    const relsName = `${folder === '' ? '' : `${folder}/`}_rels/${file}.rels`;
    const parsed = await this.xml(relsName);
    if (!parsed.ok || !parsed.value) return [];

    return children(parsed.value, 'Relationship').map((element) => {
      const target = attribute(element, 'Target') ?? '';
      const external = attribute(element, 'TargetMode') === 'External';
      return {
        id: attribute(element, 'Id') ?? '',
        type: attribute(element, 'Type') ?? '',
        target: external ? target : resolvePartName(folder, target),
        external,
      };
    });
  }
}

/** "ppt/slides" + "../notesSlides/notesSlide5.xml" → "ppt/notesSlides/notesSlide5.xml". */
export function resolvePartName(folder: string, target: string): string {
  const segments = target.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const segment of target.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  return segments.join('/');
}

/** dc:title from docProps/core.xml, the title the author gave the file. */
export async function coreTitle(pkg: OfficePackage): Promise<string | undefined> {
  const core = await pkg.xml('docProps/core.xml');
  if (!core.ok || !core.value) return undefined;
  const title = children(core.value, 'title')[0]?.textContent?.replace(/\s+/g, ' ').trim();
  return title === '' ? undefined : title;
}
