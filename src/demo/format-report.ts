import { counted } from '../shared/counted.ts';
import type { DemoResult } from './run-demo.ts';

const percent = (share: number | null) => (share === null ? 'n/a' : `${Math.round(share * 100)}%`);

/** The demo's closing report, for a terminal. */
export function formatDemoReport(result: DemoResult, wallSeconds: number): string {
  const { report } = result;
  const median =
    report.medianReplyMinutes === null ? 'n/a' : `${report.medianReplyMinutes.toFixed(1)} min`;

  const lessonLines = report.lessons.map(
    (lesson) =>
      `  ${String(lesson.position).padStart(2)}. ${truncate(lesson.title, 44).padEnd(44)} ` +
      `sent ${String(lesson.sent).padStart(3)}  answered ${String(lesson.answered).padStart(3)}  ` +
      `accuracy ${percent(lesson.accuracy).padStart(4)}`,
  );

  const riskLines =
    report.atRisk.length === 0
      ? ['  none']
      : report.atRisk.slice(0, 10).map((learner) => `  ${learner.fullName}: ${learner.reason}`);
  if (report.atRisk.length > 10) riskLines.push(`  ... and ${report.atRisk.length - 10} more`);

  return [
    '',
    `Inflow demo: "${report.courseTitle}" for ${result.organizationName}`,
    `  from ${result.sourceName}`,
    `  ${counted(result.learners, 'learner')}, ${counted(result.lessons, 'lesson')}, ` +
      `${counted(result.questions, 'question')}; ` +
      `${result.simulatedDays.toFixed(1)} simulated days in ${wallSeconds.toFixed(1)} s`,
    '',
    `Lessons sent        ${report.lessonsSent}`,
    `Questions sent      ${report.questionsSent}`,
    `Answers             ${report.answers}`,
    `Completion rate     ${percent(report.completionRate)} ` +
      `(${report.completed} of ${report.enrolled} learners finished)`,
    `Accuracy            ${percent(report.accuracy)}`,
    `Median reply delay  ${median}`,
    '',
    'Accuracy by lesson',
    ...lessonLines,
    '',
    `Learners at risk (${report.atRisk.length})`,
    ...riskLines,
    '',
    ...closingLines(result),
    `Data: ${result.storage === 'embedded' ? 'embedded database in ' : ''}${result.dataLocation}`,
    '',
  ].join('\n');
}

/** Says the demo left nothing to send, and which earlier demo data it replaced. */
function closingLines(result: DemoResult): string[] {
  const { closedOut, replacedOrganizations } = result;
  const lines = [
    `Demo ended: ${counted(closedOut.enrolmentsWithdrawn, 'enrolment')} withdrawn, ` +
      `${counted(closedOut.deliveriesCancelled, 'queued message')} cancelled;`,
    `  nothing of ${result.organizationSlug} is left to send.`,
  ];
  if (replacedOrganizations.length > 0) {
    lines.push(`Replaced the previous demo data (${replacedOrganizations.join(', ')}).`);
  }
  return lines;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}
