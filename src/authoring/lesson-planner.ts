/**
 * Cuts a document into lessons of about the target reading length. Short sections are merged,
 * long ones are split between paragraphs, and cuts fall on headings whenever that keeps the
 * lessons near the ideal length. A paragraph longer than a whole lesson is split between
 * sentences.
 */
import type { DocumentBlock, ParsedDocument } from './document-model.ts';
import { countWords, splitSentences } from './sentences.ts';

export interface LessonUnit {
  block: DocumentBlock;
  sectionIndex: number;
  /** The unit that opens its section, where a heading would be shown. */
  firstInSection: boolean;
  words: number;
}

export interface PlanOptions {
  targetWords: number;
  maxLessons: number;
  /** Exactly this many lessons when there are enough blocks; overrides the target. */
  lessonCount?: number;
}

// A lesson may run this much over the ideal before a cut between paragraphs is forced.
const MAX_STRETCH = 1.25;
// Documents up to this much over the target stay one lesson rather than two short ones.
const SINGLE_LESSON_SLACK = 1.15;
// Below this size a document is one lesson; above it, at least two (a course, not a page).
const MIN_WORDS_FOR_TWO_LESSONS = 120;
const TINY_TAIL_SHARE = 0.35;

const wordsOf = (group: readonly LessonUnit[]): number =>
  group.reduce((sum, unit) => sum + unit.words, 0);

export function planLessons(document: ParsedDocument, options: PlanOptions): LessonUnit[][] {
  const units = toUnits(document, options.targetWords);
  if (units.length === 0) return [];

  const total = wordsOf(units);
  const minimum = total >= MIN_WORDS_FOR_TWO_LESSONS && units.length > 1 ? 2 : 1;
  const wanted = Math.ceil(total / (options.targetWords * SINGLE_LESSON_SLACK));
  const count =
    options.lessonCount === undefined
      ? Math.min(Math.max(wanted, minimum), options.maxLessons)
      : Math.min(options.lessonCount, units.length);
  const ideal = total / count;

  let groups = cutGreedily(units, ideal, sectionWordCounts(units));
  const last = groups.at(-1);
  const exact = options.lessonCount !== undefined;
  if (!exact && groups.length > minimum && last && wordsOf(last) < ideal * TINY_TAIL_SHARE) {
    groups = mergeAt(groups, groups.length - 2);
  }
  const most = exact ? count : options.maxLessons;
  while (groups.length > most) groups = mergeAt(groups, smallestPair(groups));
  const least = exact ? count : Math.min(minimum, options.maxLessons);
  let canSplit = true;
  while (groups.length < least && canSplit) canSplit = splitLargest(groups);
  return groups;
}

function toUnits(document: ParsedDocument, targetWords: number): LessonUnit[] {
  return document.sections.flatMap((section, sectionIndex) =>
    section.blocks
      .flatMap((block) => splitOversized(block, targetWords))
      .map((block, position) => ({
        block,
        sectionIndex,
        firstInSection: position === 0,
        words: countWords(block.text),
      })),
  );
}

function splitOversized(block: DocumentBlock, targetWords: number): DocumentBlock[] {
  if (countWords(block.text) <= targetWords) return [block];

  const pieces: string[][] = [[]];
  let words = 0;
  for (const sentence of splitSentences(block.text)) {
    const size = countWords(sentence);
    const current = pieces.at(-1) ?? [];
    if (current.length > 0 && words + size > targetWords) {
      pieces.push([sentence]);
      words = size;
    } else {
      current.push(sentence);
      words += size;
    }
  }
  return pieces.map((sentences) => ({ ...block, text: sentences.join(' ') }));
}

function sectionWordCounts(units: readonly LessonUnit[]): Map<number, number> {
  const counts = new Map<number, number>();
  for (const unit of units) {
    counts.set(unit.sectionIndex, (counts.get(unit.sectionIndex) ?? 0) + unit.words);
  }
  return counts;
}

/**
 * At a heading, cut when taking the next section would leave the lesson further from the
 * ideal than stopping here; inside a section, cut only when the lesson would overrun.
 */
function cutGreedily(
  units: readonly LessonUnit[],
  ideal: number,
  sectionWords: ReadonlyMap<number, number>,
): LessonUnit[][] {
  const groups: LessonUnit[][] = [];
  let current: LessonUnit[] = [];
  let words = 0;

  for (const unit of units) {
    const overruns = words + unit.words > ideal * MAX_STRETCH;
    const withSection = words + (sectionWords.get(unit.sectionIndex) ?? 0);
    const headingCut =
      unit.firstInSection &&
      words >= ideal / 2 &&
      Math.abs(withSection - ideal) >= Math.abs(words - ideal);

    if (current.length > 0 && (overruns || headingCut)) {
      groups.push(current);
      current = [];
      words = 0;
    }
    current.push(unit);
    words += unit.words;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function mergeAt(groups: readonly LessonUnit[][], index: number): LessonUnit[][] {
  const merged = [...(groups[index] ?? []), ...(groups[index + 1] ?? [])];
  return [...groups.slice(0, index), merged, ...groups.slice(index + 2)];
}

function smallestPair(groups: readonly LessonUnit[][]): number {
  let best = 0;
  for (let index = 1; index < groups.length - 1; index += 1) {
    const size = wordsOf(groups[index] ?? []) + wordsOf(groups[index + 1] ?? []);
    if (size < wordsOf(groups[best] ?? []) + wordsOf(groups[best + 1] ?? [])) best = index;
  }
  return best;
}

/**
 * Splits, in place, the largest group where its words come closest to halves; returns false
 * when no group has two blocks to split between.
 */
function splitLargest(groups: LessonUnit[][]): boolean {
  const splittable = groups.filter((group) => group.length > 1);
  const largest = splittable.sort((left, right) => wordsOf(right) - wordsOf(left))[0];
  if (largest === undefined) return false;

  const half = wordsOf(largest) / 2;
  let bestCut = 1;
  let running = 0;
  largest.forEach((unit, index) => {
    running += unit.words;
    const cut = index + 1;
    if (
      cut < largest.length &&
      Math.abs(running - half) < Math.abs(wordsOf(largest.slice(0, bestCut)) - half)
    ) {
      bestCut = cut;
    }
  });

  groups.splice(groups.indexOf(largest), 1, largest.slice(0, bestCut), largest.slice(bestCut));
  return true;
}
