/**
 * `inflow people ...`: people from HR exports, and one person's data.
 *
 *   inflow people import staff.csv --org acme --preset bamboohr --dry-run
 *   inflow people import staff.csv --org acme --map email=Mail --zone "Lindon, Utah=America/Denver"
 *   inflow people export <learnerId> --org acme --out ana.json
 *   inflow people erase <learnerId> --org acme --yes
 *   inflow people web-link ana@acme.example --org acme
 */
import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Command } from 'commander';
import type { EngineContext } from '../../app/context.ts';
import type { Organization } from '../../organizations/organization-repository.ts';
import type { LinkSigning } from '../../channels/web/lesson-link.ts';
import type { LearnerRow } from '../../db/schema.ts';
import { findLearner, findLearnerByAddress } from '../../people/learner-repository.ts';
import { counted } from '../../shared/counted.ts';
import type { ImportReport } from '../../people/import/people-import.ts';
import { isPresetName, PERSON_FIELDS, PRESET_NAMES } from '../../people/import/person-columns.ts';
import type { PersonField } from '../../people/import/person-columns.ts';
import type { RosterError } from '../../people/roster-errors.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { configFor, withRuntime } from '../runtime-options.ts';
import { registerCohortCommands, type CommandOutput, type InOrganization } from './cohort.ts';
import { organizationOrThrow } from './org.ts';
import { registerScimCommands } from './scim.ts';

// delivery.ts and others found organizations here before org.ts existed.
export { organizationOrThrow };

export interface PeopleImportArgs {
  org: string;
  dryRun?: boolean;
  preset?: string;
  skipInvalid?: boolean;
  deactivateMissing?: boolean;
  /** "field=Column" pairs. */
  map?: string[];
  /** "name=Column" pairs kept as custom fields. */
  custom?: string[];
  /** "Location=Zone" pairs. */
  zone?: string[];
  defaultTimezone?: string;
  defaultCountry?: string;
  saveMapping?: boolean;
  json?: boolean;
}

/**
 * Registers `inflow people`, `inflow cohort` and `inflow scim`. The people engines are loaded
 * when a command runs, not when the command line starts, so `inflow --help` stays quick.
 */
export function registerPeopleCommands(program: Command): void {
  const inOrganization: InOrganization = (options, work) =>
    withRuntime(options, async (context) =>
      work(context, await organizationOrThrow(context, options.org)),
    );
  registerCohortCommands(program, inOrganization);
  registerScimCommands(program, inOrganization);

  const people = program
    .command('people')
    .description("Import people from HR exports; one person's export, erasure or web link");

  people
    .command('import')
    .description('Import an HR export (CSV): all rows or none, unless --skip-invalid')
    .argument('<file>', 'CSV file, comma or semicolon separated; UTF-8 (any BOM) or Windows-1252')
    .requiredOption('--org <idOrSlug>', 'organization to import into')
    .option('--dry-run', 'show what would change, change nothing')
    .option('--preset <name>', `column names of an HR system: ${PRESET_NAMES.join(', ')}`)
    .option('--skip-invalid', 'import the good rows of a file that has bad ones')
    .option('--deactivate-missing', 'offboard people who are not in the file (a full export)')
    .option(
      '--map <field=column>',
      `which column holds a field (${PERSON_FIELDS.join(', ')})`,
      collect,
      [],
    )
    .option(
      '--custom <name=column>',
      'keep a column as a custom field for cohort rules',
      collect,
      [],
    )
    .option('--zone <location=zone>', 'time zone of everyone at a location', collect, [])
    .option('--default-timezone <zone>', 'zone of people the file gives none, e.g. Europe/London')
    .option('--default-country <code>', 'country of phone numbers written without +, e.g. GB')
    .option('--save-mapping', "keep this mapping as the organization's for next time")
    .option('--json', 'print the report as JSON')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (file: string, options: PeopleImportArgs & { dataDir?: string }) => {
      // Bytes, not text: the importer tells UTF-8 from Windows-1252 (decode-csv-bytes.ts).
      const bytes = await readFile(file).catch(() => {
        throw new CliError(`${file}: file not found`, EXIT.badInput);
      });
      const output = await withRuntime(options, (context) =>
        runPeopleImport(context, basename(file), bytes, options),
      );
      console.log(output.text);
      if (output.exitCode !== EXIT.ok) {
        throw new CliError(`${file} has problems; nothing was imported`, output.exitCode);
      }
    });

  people
    .command('export')
    .description('Write everything held about one learner as JSON (right of access)')
    .argument('<learnerId>', 'learner id')
    .requiredOption('--org <idOrSlug>', 'organization of the learner')
    .option('--out <file>', 'file to write; standard output without it')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (learnerId: string, options: { org: string; out?: string; dataDir?: string }) => {
      const document = await withRuntime(options, async (context) => {
        const organization = await organizationOrThrow(context, options.org);
        const { exportLearner } = await import('../../people/privacy/learner-export.ts');
        const exported = await exportLearner(
          context.db,
          organization.id,
          learnerId,
          'cli',
          context.clock.now(),
        );
        if (!exported.ok)
          throw new CliError(`no learner ${learnerId} in ${options.org}`, EXIT.badInput);
        return JSON.stringify(exported.value, null, 2);
      });
      if (options.out) {
        await writeFile(options.out, `${document}\n`);
        console.log(`Wrote ${options.out}`);
      } else {
        console.log(document);
      }
    });

  people
    .command('erase')
    .description('Erase one learner: personal data gone for good, anonymous counts kept')
    .argument('<learnerId>', 'learner id')
    .requiredOption('--org <idOrSlug>', 'organization of the learner')
    .option('--yes', 'confirm; nothing is erased without it')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(
      async (learnerId: string, options: { org: string; yes?: boolean; dataDir?: string }) => {
        if (!options.yes) {
          throw new CliError('erasure cannot be undone; add --yes to confirm it', EXIT.usage);
        }
        const text = await withRuntime(options, async (context) => {
          const organization = await organizationOrThrow(context, options.org);
          const { eraseLearner } = await import('../../people/privacy/learner-erasure.ts');
          const erased = await context.db
            .transaction()
            .execute((trx) =>
              eraseLearner(trx, organization.id, learnerId, 'cli', context.clock.now()),
            );
          if (!erased.ok)
            throw new CliError(`no learner ${learnerId} in ${options.org}`, EXIT.badInput);
          const { enrolmentsWithdrawn, answersBlanked } = erased.value;
          return (
            `Erased learner ${learnerId}: ${counted(enrolmentsWithdrawn, 'enrolment')} ` +
            `withdrawn, ${counted(answersBlanked, 'answer')} blanked; anonymous counts kept.`
          );
        });
        console.log(text);
      },
    );

  people
    .command('web-link')
    .description("Print a learner's web feed link: everything sent to them on the web channel")
    .argument('<learner>', 'email address or id of the learner')
    .requiredOption('--org <idOrSlug>', 'organization of the learner')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (learner: string, options: { org: string; dataDir?: string }) => {
      const { webLinkSigning } = await import('../../channels/web/learner-web-link.ts');
      const config = configFor(options);
      const signing = webLinkSigning({
        linkSigningKey: config.linkSigningKey,
        publicBaseUrl: config.publicUrl,
      });
      if (!signing.ok) throw new CliError(signing.error, EXIT.usage);

      const text = await withRuntime(options, async (context) =>
        runPeopleWebLink(
          context,
          await organizationOrThrow(context, options.org),
          learner,
          signing.value,
        ),
      );
      console.log(text);
    });
}

/**
 * The feed link of a learner named by email or id, and when it expires; exit 3 for someone
 * who is not a learner of the organization or has no web address.
 *
 * @example
 * await runPeopleWebLink(context, acme, 'ana@acme.example', { signingKey, publicBaseUrl })
 * // 'https://inflow.acme.example/learn/AQNn...\nValid until 2026-08-29T09:00:00.000Z.'
 */
export async function runPeopleWebLink(
  context: EngineContext,
  organization: Organization,
  learnerRef: string,
  signing: LinkSigning,
): Promise<string> {
  const learner = learnerRef.includes('@')
    ? await findLearnerByAddress(context.db, organization.id, 'email', learnerRef)
    : await findLearnerById(context, organization, learnerRef);
  if (!learner) {
    throw new CliError(`no learner "${learnerRef}" in ${organization.slug}`, EXIT.badInput);
  }

  const { learnerWebLink } = await import('../../channels/web/learner-web-link.ts');
  const link = learnerWebLink(signing, learner, context.clock.now());
  if (!link.ok) throw new CliError(link.error, EXIT.badInput);
  return `${link.value.url}\nValid until ${link.value.expiresAt.toISOString()}.`;
}

async function findLearnerById(
  context: EngineContext,
  organization: Organization,
  id: string,
): Promise<LearnerRow | undefined> {
  // PostgreSQL refuses a malformed uuid with an error rather than finding nobody.
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return undefined;
  const learner = await findLearner(context.db, id);
  return learner?.organizationId === organization.id ? learner : undefined;
}

/**
 * The import itself, apart from the terminal: exit 3 when the file has problems and nothing
 * was imported (a dry run included, so scripts can check a file), 0 otherwise. The file is
 * its bytes (read as UTF-8, else Windows-1252 with a warning) or text already decoded.
 */
export async function runPeopleImport(
  context: EngineContext,
  fileName: string,
  file: string | Uint8Array,
  args: PeopleImportArgs,
): Promise<CommandOutput> {
  if (args.preset !== undefined && !isPresetName(args.preset)) {
    throw new CliError(`--preset must be one of ${PRESET_NAMES.join(', ')}`, EXIT.usage);
  }
  const organization = await organizationOrThrow(context, args.org);
  const columns = pairs('--map', args.map ?? []);
  for (const field of Object.keys(columns)) {
    if (!(PERSON_FIELDS as readonly string[]).includes(field)) {
      throw new CliError(
        `--map ${field}: not a field; use one of ${PERSON_FIELDS.join(', ')}`,
        EXIT.usage,
      );
    }
  }

  const { importPeopleCsv } = await import('../../people/import/people-import.ts');
  const { formatImportReport } = await import('../../people/import/format-import-report.ts');
  const { MISSING_TIMEZONE_REASON } = await import('../../people/import/import-plan.ts');
  const imported = await importPeopleCsv(
    context.db,
    organization.id,
    file,
    {
      fileName,
      actor: `cli:${fileName}`,
      dryRun: args.dryRun ?? false,
      skipInvalid: args.skipInvalid ?? false,
      deactivateMissing: args.deactivateMissing ?? false,
      saveMapping: args.saveMapping ?? false,
      ...(args.preset !== undefined && isPresetName(args.preset) ? { preset: args.preset } : {}),
      mapping: {
        columns: columns as Partial<Record<PersonField, string>>,
        customFields: pairs('--custom', args.custom ?? []),
        locationTimezones: pairs('--zone', args.zone ?? []),
      },
      ...(args.defaultTimezone === undefined ? {} : { defaultTimezone: args.defaultTimezone }),
      ...(args.defaultCountry === undefined ? {} : { defaultCountry: args.defaultCountry }),
    },
    context.clock.now(),
  );
  const report = inCliTerms(imported, { [MISSING_TIMEZONE_REASON]: MISSING_TIMEZONE_AT_TERMINAL });

  const failed = report.errors.length > 0 && !report.applied;
  return {
    text: args.json ? JSON.stringify(report, null, 2) : formatImportReport(report, fileName),
    exitCode: failed ? EXIT.badInput : EXIT.ok,
  };
}

/** The importer's errors name API fields; at the terminal they name this command's flags. */
function inCliTerms(report: ImportReport, atTerminal: Record<string, string>): ImportReport {
  const reworded = (error: RosterError): RosterError => ({
    ...error,
    reason: atTerminal[error.reason] ?? error.reason,
  });
  return { ...report, errors: report.errors.map(reworded) };
}

const MISSING_TIMEZONE_AT_TERMINAL =
  'no time zone for this person: add a timezone column, give their location a zone with ' +
  '--zone "<location>=Region/City", or give everyone without one a zone with ' +
  '--default-timezone Region/City (e.g. Europe/London)';

export { withRuntime };

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** "a=b" options; the key is everything before the first "=". */
function pairs(option: string, values: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0 || at === value.length - 1) {
      throw new CliError(`${option} "${value}": write it as name=value`, EXIT.usage);
    }
    result[value.slice(0, at).trim()] = value.slice(at + 1).trim();
  }
  return result;
}
