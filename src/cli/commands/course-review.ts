/**
 * What `inflow course` does with a course that fails a quality gate. It is a draft for an
 * author to review, never shipped silently: generate writes it and validate reports it, both
 * leaving with exit code 5; import refuses to publish it unless the author accepts it as it
 * is with --accept-review, which the REST API's publish asks for as `acceptReview: true`.
 */
import type { QualityReport } from '../../authoring/quality/quality-gates.ts';
import { CliError, EXIT } from '../exit-codes.ts';

const PROBLEMS_SHOWN = 3;

const ACCEPT_AS_IS =
  'publish it as it is, marked for review, with `inflow course import --accept-review`';

/** Names of the gates that failed, in gate order. */
export function failedGateNames(quality: QualityReport): string[] {
  return quality.gates.filter((gate) => !gate.passed).map((gate) => gate.gate);
}

/**
 * Exit 5 from `course generate`: the draft was written, for an author to review.
 * @example throw writtenForReview('safety.yaml', quality)
 *   // "safety.yaml was written but needs review: 1 quality gate failed (lesson_length). ..."
 */
export function writtenForReview(file: string, quality: QualityReport): CliError {
  return new CliError(
    `${file} was written but needs review: ${failedGates(quality)}. Edit it and check it with ` +
      `\`inflow course validate ${file}\`, or ${ACCEPT_AS_IS}.`,
    EXIT.needsReview,
  );
}

/** Exit 5 from `course validate`: the file reads well but fails a gate. */
export function failsReview(file: string, quality: QualityReport): CliError {
  return new CliError(
    `${file} needs review: ${failedGates(quality)}. Fix what is listed above, or ` +
      `${ACCEPT_AS_IS}.`,
    EXIT.needsReview,
  );
}

/** Exit 5 instead of publishing a course that fails a gate, listing each gate's problems. */
export function publishRefused(file: string, quality: QualityReport): CliError {
  const failed = quality.gates.filter((gate) => !gate.passed);
  const lines = failed.flatMap((gate) => [
    `  FAIL ${gate.gate}`,
    ...gate.problems
      .slice(0, PROBLEMS_SHOWN)
      .map((problem) => `       ${problem.questionId ?? problem.lessonId}: ${problem.message}`),
    ...(gate.problems.length > PROBLEMS_SHOWN
      ? [`       ... and ${gate.problems.length - PROBLEMS_SHOWN} more`]
      : []),
  ]);
  return new CliError(
    [
      `${file} was not published: ${gateCount(failed.length)} failed.`,
      ...lines,
      'Fix the file (`inflow course validate` lists every problem), or publish it as it is, ' +
        'marked for review, with --accept-review.',
    ].join('\n'),
    EXIT.needsReview,
  );
}

/** "2 quality gates failed (lesson_length, no_duplicates)" */
function failedGates(quality: QualityReport): string {
  const failed = failedGateNames(quality);
  return `${gateCount(failed.length)} failed (${failed.join(', ')})`;
}

const gateCount = (count: number) =>
  count === 1 ? '1 quality gate' : `${count} quality gates`;
