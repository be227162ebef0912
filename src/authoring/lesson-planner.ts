/**
 * Cuts a document into lessons of about the target reading length. Short sections are merged,
 * long ones are split between paragraphs, and cuts fall on headings whenever that keeps the
 * lessons near the ideal length. Chapters (the document's main divisions) are kept whole when
 * they fit in a lesson, so a lesson does not begin at a chapter's "References" or "Examples".
 * A paragraph longer than a whole lesson is split between sentences.
 */
import type { DocumentBlock, DocumentSection, ParsedDocument } from './document-model.ts';
import { countWords, splitSentences } from './sentences.ts';

export interface LessonUnit {
  block: DocumentBlock;
  sectionIndex: number;
  /** The unit that opens its section, where a heading would be shown. */
  firstInSection: boolean;
  /** The section that opens the unit's chapter; the unit's own section when it has none. */
  chapterIndex: number;
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

  let groups = cutAtBestBoundaries(units, ideal);
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
  const chapters = chapterStarts(document.sections);
  return document.sections.flatMap((section, sectionIndex) =>
    section.blocks
      .flatMap((block) => splitOversized(block, targetWords))
      .map((block, position) => ({
        block,
        sectionIndex,
        firstInSection: position === 0,
        chapterIndex: chapters[sectionIndex] ?? sectionIndex,
        words: countWords(block.text),
      })),
  );
}

/**
 * For each section, the section that opens its chapter. Chapters are headed at the highest
 * level that heads more than one section (a level used once is the document's title); a new
 * source file starts a new chapter. Without such a level every section is its own chapter.
 */
function chapterStarts(sections: readonly DocumentSection[]): number[] {
  const counts = new Map<number, number>();
  for (const section of sections) {
    if (section.heading !== '') counts.set(section.level, (counts.get(section.level) ?? 0) + 1);
  }
  const repeated = [...counts].filter(([, count]) => count > 1).map(([level]) => level);
  const chapterLevel = repeated.length > 0 ? Math.min(...repeated) : Infinity;

  let start = 0;
  return sections.map((section, index) => {
    const previous = sections[index - 1];
    const heading = section.heading !== '' && section.level <= chapterLevel;
    if (index === 0 || heading || section.sourceName !== previous?.sourceName) start = index;
    return start;
  });
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

// What a cut costs where it falls, against lengthCost: a cut at a chapter's heading is free,
// one at a heading inside a chapter cheap, one between paragraphs of a section dearer, one
// between the sentences of a paragraph dearest.
const CHAPTER_CUT = 0;
const SECTION_CUT = 0.3;
const PARAGRAPH_CUT = 0.6;
const SENTENCE_CUT = 1;
// A lesson may hold this many ideals at most, even when that leaves a cut mid-sentence.
const LONGEST_LESSON = 3;

/**
 * Picks the cuts that keep lessons near the ideal length and fall where the document divides
 * itself: the cheapest sum of each lesson's distance from the ideal and each cut's cost, found
 * by dynamic programming over the boundaries between units, as paragraphs are set into lines.
 */
function cutAtBestBoundaries(units: readonly LessonUnit[], ideal: number): LessonUnit[][] {
  const prefix = [0];
  for (const unit of units) prefix.push((prefix.at(-1) ?? 0) + unit.words);
  const best: number[] = [0];
  const from: number[] = [0];

  for (let end = 1; end <= units.length; end += 1) {
    best[end] = Infinity;
    for (let start = end - 1; start >= 0; start -= 1) {
      const words = (prefix[end] ?? 0) - (prefix[start] ?? 0);
      if (words > ideal * LONGEST_LESSON && start < end - 1) break;
      const cost = (best[start] ?? Infinity) + cutCost(units, start) + lengthCost(words, ideal);
      if (cost < (best[end] ?? Infinity)) {
        best[end] = cost;
        from[end] = start;
      }
    }
  }

  const groups: LessonUnit[][] = [];
  for (let end = units.length; end > 0; end = from[end] ?? 0) {
    groups.unshift(units.slice(from[end] ?? 0, end));
  }
  return groups;
}

function cutCost(units: readonly LessonUnit[], before: number): number {
  const unit = units[before];
  const previous = units[before - 1];
  if (unit === undefined || previous === undefined) return 0;
  if (unit.chapterIndex !== previous.chapterIndex) return CHAPTER_CUT;
  if (unit.firstInSection) return SECTION_CUT;
  return unit.block === previous.block || unit.block.line === previous.block.line
    ? SENTENCE_CUT
    : PARAGRAPH_CUT;
}

/** Squared distance from the ideal, in ideals; running past the stretch costs more than a cut. */
function lengthCost(words: number, ideal: number): number {
  const distance = (words - ideal) / ideal;
  const overrun = words > ideal * MAX_STRETCH ? 1 + (words / ideal - MAX_STRETCH) * 4 : 0;
  return distance * distance + overrun;
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
