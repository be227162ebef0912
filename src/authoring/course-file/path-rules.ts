/**
 * The rules of a course file's adaptive path beyond its shape: one text per role in a lesson,
 * and a pre-assessment only where some lesson has a question it can grade.
 */
import type { CourseFile } from './course-file-schema.ts';
import type { RuleProblem } from './question-rules.ts';

export function pathRuleProblems(file: CourseFile): RuleProblem[] {
  const problems: RuleProblem[] = [];

  file.lessons.forEach((lesson, lessonIndex) => {
    const roles = new Set<string>();
    (lesson.variants ?? []).forEach((variant, variantIndex) => {
      // Learners are matched on their job title without regard to case, so two spellings of
      // one title would compete for the same learners.
      const role = variant.role.toLowerCase();
      if (roles.has(role)) {
        problems.push({
          path: ['lessons', lessonIndex, 'variants', variantIndex, 'role'],
          message: `"${variant.role}" has two variants in this lesson; keep one`,
        });
      }
      roles.add(role);
    });
  });

  const graded = file.lessons.some((lesson) =>
    (lesson.questions ?? []).some((question) =>
      (question.options ?? []).some((option) => option.correct),
    ),
  );
  if (file.path?.pre_assessment && !graded) {
    problems.push({
      path: ['path', 'pre_assessment'],
      message:
        'no lesson has a question with a correct option, so a pre-assessment could never ' +
        'skip one; set it to false or add graded questions',
    });
  }
  return problems;
}
