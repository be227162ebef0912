/**
 * Turns a planned group of blocks into the readable parts of a lesson: its title, its body
 * (plain text, blank lines between paragraphs, the headings of merged sections kept as
 * paragraphs of their own) and its sentences with their source locations.
 */
import { describeBlockLocation } from './document-model.ts';
import type { BlockKind, DocumentBlock, ParsedDocument } from './document-model.ts';
import type { LessonSentence } from './key-sentences.ts';
import type { LessonUnit } from './lesson-planner.ts';
import type { Wording } from './question-wording.ts';
import { splitSentences } from './sentences.ts';

export interface LessonText {
  title: string;
  body: string;
  sentences: LessonSentence[];
  /** Numbered top-level list items of the lesson, for questions about procedure steps. */
  steps: ProcedureStep[];
  words: number;
}

export interface ProcedureStep {
  list: string;
  number: number;
  text: string;
  /** The heading of the section the procedure is in. */
  heading: string;
  sentence: LessonSentence;
}

interface Paragraph {
  kind: BlockKind | 'heading';
  lines: string[];
}

export function describeLessons(
  document: ParsedDocument,
  groups: readonly LessonUnit[][],
  wording: Wording,
): LessonText[] {
  let lastSectionShown = -1;

  return groups.map((group) => {
    const paragraphs: Paragraph[] = [];
    let title: string | undefined;

    for (const unit of group) {
      if (unit.firstInSection) {
        const headings = document.sections
          .slice(lastSectionShown + 1, unit.sectionIndex + 1)
          .map((section) => section.heading)
          .filter((heading) => heading !== '');
        lastSectionShown = unit.sectionIndex;
        if (title === undefined && unit === group[0]) title = headings.shift();
        for (const heading of headings) paragraphs.push({ kind: 'heading', lines: [heading] });
      } else if (unit === group[0]) {
        const heading = document.sections[unit.sectionIndex]?.heading || document.title;
        title = wording.continued(heading);
      }
      addToParagraphs(paragraphs, unit);
    }

    return {
      title: title ?? document.title,
      body: paragraphs.map((paragraph) => paragraph.lines.join('\n')).join('\n\n'),
      sentences: group.flatMap((unit) => sentencesOf(document, unit)),
      steps: group.flatMap((unit) => stepOf(document, unit)),
      words: group.reduce((sum, unit) => sum + unit.words, 0),
    };
  });
}

/** List items and table rows sit on consecutive lines; every paragraph stands alone. */
function addToParagraphs(paragraphs: Paragraph[], unit: LessonUnit): void {
  const { kind } = unit.block;
  const line = lineOf(unit.block);
  const previous = paragraphs.at(-1);

  if (previous?.kind === kind && kind !== 'paragraph' && !unit.firstInSection) {
    previous.lines.push(line);
  } else {
    paragraphs.push({ kind, lines: [line] });
  }
}

/** Numbered items keep the number a reader saw; nested items are indented under theirs. */
function lineOf(block: DocumentBlock): string {
  if (block.kind === 'speaker_notes') return block.text;
  if (block.kind !== 'list_item') return block.text;
  const indent = '  '.repeat(Math.max(0, (block.list?.depth ?? 1) - 1));
  const marker = typeof block.list?.number === 'number' ? `${block.list.number}.` : '-';
  return `${indent}${marker} ${block.text}`;
}

// Limitation: a sentence is located by the first line of its paragraph, not its own line.
function sentencesOf(document: ParsedDocument, unit: LessonUnit): LessonSentence[] {
  const section = document.sections[unit.sectionIndex];
  const heading = section?.heading ?? '';
  const where = describeBlockLocation(unit.block);
  return splitSentences(unit.block.text).map((text) => ({
    text,
    line: unit.block.line,
    heading,
    kind: unit.block.kind,
    where: section?.sourceName ? `${section.sourceName}, ${where}` : where,
  }));
}

function stepOf(document: ParsedDocument, unit: LessonUnit): ProcedureStep[] {
  const { list, text } = unit.block;
  if (unit.block.kind !== 'list_item' || !list || list.number === null || list.depth !== 1) {
    return [];
  }
  const [sentence] = sentencesOf(document, unit);
  if (!sentence) return [];
  return [{ list: list.list, number: list.number, text, heading: sentence.heading, sentence }];
}
