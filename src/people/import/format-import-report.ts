/**
 * An import report as text for a terminal: what would happen (or happened), then every
 * problem with its line, column and reason, then warnings.
 */
import { counted } from '../../shared/counted.ts';
import { formatRosterErrors } from '../roster-errors.ts';
import type { ImportReport } from './people-import.ts';

const MAX_LISTED = 20;

export function formatImportReport(report: ImportReport, fileName: string): string {
  const lines: string[] = [];
  const verb = report.applied ? 'Imported' : report.dryRun ? 'Dry run of' : 'Nothing imported from';
  lines.push(`${verb} ${fileName}: ${counted(report.records, 'row')}.`);

  lines.push(
    `  ${report.creates.length} to create, ${report.updates.length} to update, ` +
      `${report.deactivations.length} to deactivate, ${report.reactivations.length} to ` +
      `reactivate, ${report.unchanged} unchanged`,
  );
  listed(
    lines,
    report.creates,
    (create) => `  + line ${create.line}: ${create.fullName} <${create.email}>`,
  );
  listed(
    lines,
    report.updates,
    (update) =>
      `  ~ line ${update.line}: ${update.email}: ${Object.keys(update.changes).join(', ')}`,
  );
  const where = (line: number | null) => (line === null ? 'not in file' : `line ${line}`);
  listed(
    lines,
    [...report.deactivations, ...report.reactivations],
    (change) =>
      `  ${change.to === 'active' ? '↑' : '-'} ${where(change.line)}: ` +
      `${change.email}: ${change.from} → ${change.to}`,
  );
  for (const skipped of report.skipped)
    lines.push(`  skipped line ${skipped.line}: ${skipped.reason}`);
  for (const merge of report.merged) {
    lines.push(
      `  merged lines ${merge.lines.join(', ')} as one person (${merge.spellings.join(' / ')}): ` +
        'same email ignoring case; later non-empty values win',
    );
  }

  if (report.errors.length > 0) {
    const skipped = report.skippedInvalidLines;
    const problems = counted(report.errors.length, 'problem');
    const lineWord = skipped.length === 1 ? 'line' : 'lines';
    const heading =
      skipped.length === 0
        ? `${problems}; fix them, or run with --skip-invalid:`
        : `${problems}; skipped ${lineWord} ${skipped.join(', ')}:`;
    lines.push(heading, ...formatRosterErrors(report.errors).map((line) => `  ${line}`));
  }
  if (report.warnings.length > 0) {
    lines.push(`${counted(report.warnings.length, 'warning')}:`);
    listed(lines, report.warnings, (warning) =>
      warning.line === null ? `  ${warning.message}` : `  line ${warning.line}: ${warning.message}`,
    );
  }
  if (report.enrolment !== null) {
    const { enrolled, resumed, withdrawn } = report.enrolment;
    lines.push(
      `Automatic enrolment: ${enrolled} enrolled, ${resumed} resumed, ${withdrawn} withdrawn.`,
    );
  }
  return lines.join('\n');
}

function listed<T>(lines: string[], items: readonly T[], describe: (item: T) => string): void {
  lines.push(...items.slice(0, MAX_LISTED).map(describe));
  if (items.length > MAX_LISTED) lines.push(`  ... and ${items.length - MAX_LISTED} more`);
}
