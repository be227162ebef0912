/**
 * The rules a course file must keep beyond its shape: the options each kind of question
 * needs, and ids unique within the course.
 */
import type { CourseFile, CourseFileQuestion } from './course-file-schema.ts';

export interface RuleProblem {
  path: Array<string | number>;
  message: string;
}

export function questionRuleProblems(file: CourseFile): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const lessonIds = new Set<string>();
  const questionIds = new Set<string>();

  file.lessons.forEach((lesson, lessonIndex) => {
    if (lessonIds.has(lesson.id)) {
      problems.push({
        path: ['lessons', lessonIndex, 'id'],
        message: `"${lesson.id}" is used twice`,
      });
    }
    lessonIds.add(lesson.id);

    (lesson.questions ?? []).forEach((question, questionIndex) => {
      const at = ['lessons', lessonIndex, 'questions', questionIndex];
      if (questionIds.has(question.id)) {
        problems.push({ path: [...at, 'id'], message: `"${question.id}" is used twice` });
      }
      questionIds.add(question.id);
      const message = optionProblem(question);
      if (message) problems.push({ path: [...at, 'options'], message });
      const keys = (question.options ?? []).map((option) => option.key);
      if (new Set(keys).size !== keys.length) {
        problems.push({ path: [...at, 'options'], message: 'two options have the same key' });
      }
    });
  });
  return problems;
}

function optionProblem(question: CourseFileQuestion): string | undefined {
  const options = question.options ?? [];
  const right = options.filter((option) => option.correct).length;
  switch (question.kind) {
    case 'multiple_choice':
      if (options.length < 2 || options.length > 6)
        return 'a multiple-choice question needs 2 to 6 options';
      return right === 1
        ? undefined
        : 'a multiple-choice question needs exactly one correct option';
    case 'true_false':
      if (options.length !== 2)
        return 'a true/false question needs exactly two options, true then false';
      return right === 1 ? undefined : 'a true/false question needs exactly one correct option';
    case 'cloze':
      if (options.length === 0) return 'a cloze question needs its accepted answers as options';
      return right === options.length
        ? undefined
        : 'every option of a cloze question is an accepted answer (correct: true)';
    case 'acknowledgement':
      return options.length === 1
        ? undefined
        : 'an acknowledgement needs exactly one option, the reply to confirm';
    case 'reflection':
    case 'confidence':
    case 'rating':
      return options.length === 0 ? undefined : `a ${question.kind} question takes no options`;
  }
}
