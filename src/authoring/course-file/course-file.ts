/**
 * A course as a human-editable YAML file that exports and imports losslessly: export a draft,
 * edit it in any text editor, import it back. Every problem is reported with the line of the
 * file and the field at fault, e.g. `course.yaml:14: lessons[0].questions[1].options: a
 * multiple-choice question needs exactly one correct option`.
 */
import { isNode, LineCounter, parseDocument, stringify, visit } from 'yaml';
import type { Document } from 'yaml';
import type {
  AdaptiveCourseDraft,
  AdaptiveLesson,
  CoursePath,
} from '../../courses/course-repository.ts';
import type { Question } from '../../courses/model.ts';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { COURSE_FILE_FORMAT, CourseFileSchema } from './course-file-schema.ts';
import type { CourseFile, CourseFileQuestion } from './course-file-schema.ts';
import { pathRuleProblems } from './path-rules.ts';
import { questionRuleProblems } from './question-rules.ts';

export interface CourseFileError {
  line: number;
  /** Where in the course, e.g. "lessons[0].questions[1].options". */
  field: string;
  message: string;
}

const HEADER =
  '# Inflow course file. Edit any text and import it again: `inflow course import FILE`.\n' +
  '# Keep each question\'s "evidence" word for word from the lesson, so the quality gates can\n' +
  '# check the answer against it.\n';

/**
 * @example writeFile('safety.course.yaml', exportCourseFile(draft));
 */
export function exportCourseFile(draft: AdaptiveCourseDraft): string {
  const file: CourseFile = {
    format: COURSE_FILE_FORMAT,
    title: draft.title,
    ...(draft.description === '' ? {} : { description: draft.description }),
    kind: draft.kind ?? 'training',
    language: draft.language,
    ...(draft.sourceName === '' ? {} : { source: draft.sourceName }),
    ...(draft.path ? { path: pathToFile(draft.path) } : {}),
    lessons: draft.lessons.map((lesson) => ({
      id: lesson.id,
      title: lesson.title,
      ...(lesson.summary === undefined ? {} : { summary: lesson.summary }),
      ...(lesson.smsBody === undefined ? {} : { sms: lesson.smsBody }),
      ...(lesson.mediaUrl === undefined ? {} : { media_url: lesson.mediaUrl }),
      body: lesson.body,
      ...(lesson.variants === undefined
        ? {}
        : { variants: lesson.variants.map(({ role, title, body }) => ({ role, title, body })) }),
      questions: lesson.questions.map(questionToFile),
    })),
  };
  return HEADER + stringify(file, { lineWidth: 0, blockQuote: 'literal' });
}

const pathToFile = (path: CoursePath) => ({
  wait_for_answer: path.waitForAnswer,
  pre_assessment: path.preAssessment,
});

function questionToFile(question: Question): CourseFileQuestion {
  return {
    id: question.id,
    kind: question.kind,
    prompt: question.prompt,
    ...(question.options.length === 0
      ? {}
      : {
          options: question.options.map((option) => ({
            key: option.key,
            text: option.text,
            correct: option.correct,
            feedback: option.feedback,
          })),
        }),
    explanation: question.explanation,
    ...(question.sourceRef === undefined ? {} : { source: question.sourceRef }),
    ...(question.evidence === undefined ? {} : { evidence: question.evidence }),
  };
}

/**
 * @example
 *   const parsed = parseCourseFile(text);
 *   if (!parsed.ok) console.error(formatCourseFileErrors(parsed.error, 'safety.course.yaml'));
 */
export function parseCourseFile(text: string): Result<AdaptiveCourseDraft, CourseFileError[]> {
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (document.errors.length > 0) {
    return err(
      document.errors.map((error) => ({
        line: error.linePos?.[0]?.line ?? lines.linePos(error.pos[0]).line,
        field: '(file)',
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    );
  }

  const data = documentData(document, lines);
  if (!data.ok) return err([data.error]);
  const parsed = CourseFileSchema.safeParse(data.value);
  if (!parsed.success) {
    return err(
      parsed.error.issues.flatMap((issue) => {
        const path = issue.path as Array<string | number>;
        // An unknown field is reported at its own line, under its own name.
        if (issue.code === 'unrecognized_keys') {
          return issue.keys.map((key) =>
            located(document, lines, [...path, key], 'unknown field; check its spelling'),
          );
        }
        return [located(document, lines, path, issue.message)];
      }),
    );
  }

  const rules = [...questionRuleProblems(parsed.data), ...pathRuleProblems(parsed.data)];
  const problems = rules.map((problem) => located(document, lines, problem.path, problem.message));
  if (problems.length > 0) return err(problems);
  return ok(fileToDraft(parsed.data));
}

/**
 * The document as plain data. The YAML library refuses a document whose aliases would expand
 * it past a limit (an "alias bomb": a few lines that expand to billions of nodes) by
 * throwing; that is a file that cannot be used, reported at the line of its first alias.
 */
function documentData(document: Document, lines: LineCounter): Result<unknown, CourseFileError> {
  try {
    return ok(document.toJS());
  } catch (error) {
    if (!(error instanceof ReferenceError)) throw error;
    return err({
      line: firstAliasLine(document, lines),
      field: '(file)',
      message: `not valid YAML: ${error.message}`,
    });
  }
}

function firstAliasLine(document: Document, lines: LineCounter): number {
  let line = 1;
  visit(document, {
    Alias(_key, node) {
      if (node.range) line = lines.linePos(node.range[0]).line;
      return visit.BREAK;
    },
  });
  return line;
}

function fileToDraft(file: CourseFile): AdaptiveCourseDraft {
  return {
    title: file.title,
    description: file.description ?? '',
    language: file.language,
    sourceName: file.source ?? '',
    kind: file.kind ?? 'training',
    ...(file.path === undefined
      ? {}
      : {
          path: {
            waitForAnswer: file.path.wait_for_answer ?? false,
            preAssessment: file.path.pre_assessment ?? false,
          },
        }),
    lessons: file.lessons.map((lesson, index): AdaptiveLesson => ({
      id: lesson.id,
      position: index + 1,
      title: lesson.title,
      body: lesson.body,
      ...(lesson.summary === undefined ? {} : { summary: lesson.summary }),
      ...(lesson.sms === undefined ? {} : { smsBody: lesson.sms }),
      ...(lesson.media_url === undefined ? {} : { mediaUrl: lesson.media_url }),
      // Roles are matched without regard to case and stored in lower case, so the draft
      // says what will be stored and an exported version reads back equal.
      ...(lesson.variants === undefined
        ? {}
        : {
            variants: lesson.variants.map((variant) => ({
              ...variant,
              role: variant.role.toLowerCase(),
            })),
          }),
      questions: (lesson.questions ?? []).map((question): Question => ({
        id: question.id,
        kind: question.kind,
        prompt: question.prompt,
        options: (question.options ?? []).map((option) => ({
          key: option.key,
          text: option.text,
          correct: option.correct,
          feedback: option.feedback ?? '',
        })),
        explanation: question.explanation ?? '',
        ...(question.source === undefined ? {} : { sourceRef: question.source }),
        ...(question.evidence === undefined ? {} : { evidence: question.evidence }),
      })),
    })),
  };
}

/** The line of the deepest node on the path that exists: a missing field points at its parent. */
function located(
  document: Document,
  lines: LineCounter,
  path: ReadonlyArray<string | number>,
  message: string,
): CourseFileError {
  for (let depth = path.length; depth >= 0; depth -= 1) {
    const node = depth === 0 ? document.contents : document.getIn(path.slice(0, depth), true);
    if (isNode(node) && node.range) {
      return { line: lines.linePos(node.range[0]).line, field: fieldName(path), message };
    }
  }
  return { line: 1, field: fieldName(path), message };
}

export function fieldName(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return '(course)';
  return path
    .map((part, index) =>
      typeof part === 'number' ? `[${part}]` : index === 0 ? part : `.${part}`,
    )
    .join('');
}

export function formatCourseFileErrors(
  errors: readonly CourseFileError[],
  fileName: string,
): string {
  return errors
    .map((error) => `${fileName}:${error.line}: ${error.field}: ${error.message}`)
    .join('\n');
}
