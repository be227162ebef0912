/**
 * Why a course that fails a quality gate is not published over the API, worded the same by
 * every publish route (a draft's publish, the one-step POST /courses). Publishing it as it is
 * takes `acceptReview: true`; the version is then stored marked for review.
 */
import type { QualityReport } from '../quality/quality-gates.ts';

export interface ReviewRefusal {
  message: string;
  details: { failedGates: Array<Pick<QualityReport['gates'][number], 'gate' | 'problems'>> };
}

/**
 * @example reviewRefusal(report).message
 *   // 'The course fails a quality gate (lesson_length) and was not published. ...'
 */
export function reviewRefusal(quality: QualityReport): ReviewRefusal {
  const failed = quality.gates.filter((gate) => !gate.passed);
  return {
    message:
      `The course fails ${failed.length === 1 ? 'a quality gate' : 'quality gates'} ` +
      `(${failed.map((gate) => gate.gate).join(', ')}) and was not published. Fix it, or ` +
      'publish it as it is, marked for review, with { "acceptReview": true }',
    details: { failedGates: failed.map(({ gate, problems }) => ({ gate, problems })) },
  };
}
