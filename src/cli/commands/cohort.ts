/**
 * `inflow cohort ...`: cohorts defined by rules over people's attributes.
 *
 *   inflow cohort preview --org acme --rule 'department eq "Sales" and daysSinceHire le 30'
 *   inflow cohort create "Sales new hires" --org acme --rule 'department eq "Sales"'
 */
import type { Command } from 'commander';
import type { EngineContext } from '../../app/context.ts';
import type { Organization } from '../../organizations/organization-repository.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export interface CommandOutput {
  text: string;
  exitCode: number;
}

/** Opens storage and finds the organization; given by people.ts, which registers us. */
export type InOrganization = <T>(
  options: { org: string; dataDir?: string },
  work: (context: EngineContext, organization: Organization) => Promise<T>,
) => Promise<T>;

const RULE_HELP =
  'a SCIM-style filter over learner facts: department, title (or role), location, division, ' +
  'costCenter, organization, timezone, locale, hireDate, daysSinceHire, manager, reportsTo, ' +
  'employeeId, email, custom.<field>; operators eq ne co sw ew gt ge lt le pr, and/or/not';

export function registerCohortCommands(program: Command, inOrganization: InOrganization): void {
  const cohort = program.command('cohort').description('Cohorts by rules over people');

  cohort
    .command('preview')
    .description('Show who a rule matches now, without saving anything')
    .requiredOption('--org <idOrSlug>', 'organization')
    .requiredOption('--rule <filter>', RULE_HELP)
    .option('--json', 'print the matches as JSON')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: { org: string; rule: string; json?: boolean; dataDir?: string }) => {
      const output = await inOrganization(options, (context, organization) =>
        runCohortPreview(context, organization, options),
      );
      console.log(output.text);
    });

  cohort
    .command('create')
    .description('Create a rule cohort; it is kept up to date as people change')
    .argument('<name>', 'cohort name, unique in the organization')
    .requiredOption('--org <idOrSlug>', 'organization')
    .requiredOption('--rule <filter>', RULE_HELP)
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (name: string, options: { org: string; rule: string; dataDir?: string }) => {
      const text = await inOrganization(options, async (context, organization) => {
        const { createFilterCohort } = await import('../../people/cohorts/cohort-membership.ts');
        const { syncPeople } = await import('../../people/people-sync.ts');
        const now = context.clock.now();
        const created = await context.db.transaction().execute(async (trx) => {
          const result = await createFilterCohort(trx, organization.id, name, options.rule, now);
          if (result.ok) await syncPeople(trx, organization.id, now);
          return result;
        });
        if (!created.ok) throw new CliError(created.error, EXIT.badInput);
        const { cohortId, members } = created.value;
        return `Created cohort "${name}" (${cohortId}) with ${members} members.`;
      });
      console.log(text);
    });
}

/** The preview apart from the terminal; a rule that cannot be used is bad input (exit 3). */
export async function runCohortPreview(
  context: EngineContext,
  organization: Organization,
  options: { rule: string; json?: boolean },
): Promise<CommandOutput> {
  const { previewCohortRule } = await import('../../people/cohorts/cohort-membership.ts');
  const preview = await previewCohortRule(
    context.db,
    organization.id,
    options.rule,
    context.clock.now(),
  );
  if (!preview.ok) throw new CliError(`--rule: ${preview.error}`, EXIT.badInput);

  if (options.json) return { text: JSON.stringify(preview.value, null, 2), exitCode: EXIT.ok };
  const lines = preview.value.learners.map(
    (learner) =>
      `  ${learner.fullName} <${learner.email}>` +
      [learner.title, learner.department]
        .filter(Boolean)
        .map((part) => `, ${part}`)
        .join('') +
      (learner.status === 'active' ? '' : ` (${learner.status})`),
  );
  return {
    text: [`${preview.value.total} people match ${options.rule}`, ...lines].join('\n'),
    exitCode: EXIT.ok,
  };
}
