/**
 * Word list numbering (pitfall DOC-04). The number of a list item is not in its text: the
 * paragraph names a numbering instance (numId) and a level (ilvl), the instance points to an
 * abstract definition with each level's format and start, and the count runs on across
 * paragraphs that interrupt the list. Deeper levels restart when a shallower item appears.
 */
import type { ListPosition } from '../document-model.ts';
import { attribute, children, path } from './xml.ts';
import type { Element } from './xml.ts';

interface LevelFormat {
  format: string;
  start: number;
}

interface NumberingInstance {
  abstractId: string;
  /** Levels whose start the instance overrides; such an instance counts on its own. */
  startOverrides: Map<number, number>;
}

export class DocxNumbering {
  private readonly counters = new Map<string, number[]>();

  private constructor(
    private readonly abstracts: Map<string, Map<number, LevelFormat>>,
    private readonly instances: Map<string, NumberingInstance>,
  ) {}

  static read(numbering: Element | undefined): DocxNumbering {
    const abstracts = new Map<string, Map<number, LevelFormat>>();
    const instances = new Map<string, NumberingInstance>();
    if (!numbering) return new DocxNumbering(abstracts, instances);

    for (const abstract of children(numbering, 'abstractNum')) {
      const levels = new Map<number, LevelFormat>();
      for (const level of children(abstract, 'lvl')) {
        levels.set(Number(attribute(level, 'ilvl') ?? 0), {
          format: attribute(path(level, 'numFmt'), 'val') ?? 'decimal',
          start: Number(attribute(path(level, 'start'), 'val') ?? 1),
        });
      }
      abstracts.set(attribute(abstract, 'abstractNumId') ?? '', levels);
    }

    for (const num of children(numbering, 'num')) {
      const startOverrides = new Map<number, number>();
      for (const override of children(num, 'lvlOverride')) {
        const start = attribute(path(override, 'startOverride'), 'val');
        if (start !== undefined) {
          startOverrides.set(Number(attribute(override, 'ilvl') ?? 0), Number(start));
        }
      }
      instances.set(attribute(num, 'numId') ?? '', {
        abstractId: attribute(path(num, 'abstractNumId'), 'val') ?? '',
        startOverrides,
      });
    }
    return new DocxNumbering(abstracts, instances);
  }

  /**
   * The position of the next item of numbering instance `numId` at level `ilvl`, counting it.
   * Undefined when the paragraph is not really numbered (numId 0 switches numbering off).
   */
  next(numId: string, ilvl: number): ListPosition | undefined {
    const instance = this.instances.get(numId);
    if (numId === '0' || instance === undefined) return undefined;

    // Word continues one count across every instance of an abstract list unless an instance
    // restarts it with a start override.
    const key =
      instance.startOverrides.size > 0 ? `num:${numId}` : `abstract:${instance.abstractId}`;
    const level = this.abstracts.get(instance.abstractId)?.get(ilvl);
    const start = instance.startOverrides.get(ilvl) ?? level?.start ?? 1;

    const counts = this.counters.get(key) ?? [];
    counts[ilvl] = (counts[ilvl] ?? start - 1) + 1;
    counts.length = ilvl + 1;
    this.counters.set(key, counts);

    const bulleted = level?.format === 'bullet' || level?.format === 'none';
    return { list: key, number: bulleted ? null : (counts[ilvl] ?? start), depth: ilvl + 1 };
  }
}
