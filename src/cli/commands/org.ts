/**
 * `inflow org ...`: the organizations every other command names with `--org`.
 *
 *   inflow org create "Acme Logistics"            slug acme-logistics, made from the name
 *   inflow org create "Acme Logistics" --slug acme
 *   inflow org list --json
 */
import type { Command } from 'commander';
import type { EngineContext } from '../../app/context.ts';
import {
  createOrganization,
  findOrganization,
  isUuid,
  listOrganizations,
  slugify,
  type Organization,
} from '../../organizations/organization-repository.ts';
import {
  readOrganizationName,
  readOrganizationSlug,
} from '../../organizations/organization-slug.ts';
import { counted } from '../../shared/counted.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { withRuntime } from '../runtime-options.ts';

interface OrgCreateArgs {
  slug?: string;
  json?: boolean;
}

export function registerOrgCommands(program: Command): void {
  const org = program
    .command('org')
    .description('Create and list organizations (the --org of other commands)');

  org
    .command('create')
    .description('Create an organization; its slug is what --org takes')
    .argument('<name>', 'name people know it by, e.g. "Acme Logistics"')
    .option('--slug <slug>', 'lowercase letters, digits and dashes (default: from the name)')
    .option('--json', 'print the organization as JSON')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (name: string, options: OrgCreateArgs & { dataDir?: string }) => {
      console.log(await withRuntime(options, (context) => runOrgCreate(context, name, options)));
    });

  org
    .command('list')
    .description('List organizations, oldest first')
    .option('--json', 'print them as JSON')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (options: { json?: boolean; dataDir?: string }) => {
      console.log(await withRuntime(options, (context) => runOrgList(context, options)));
    });
}

/**
 * Creates an organization and says which slug to use with `--org`. A taken slug given with
 * `--slug` is bad input (exit 3); one made from the name gets a free suffix ("acme-2").
 *
 * @example
 * await runOrgCreate(context, 'Acme', {})
 * // 'Created organization Acme: slug acme, id 6f1c…\nUse it with --org acme.'
 */
export async function runOrgCreate(
  context: EngineContext,
  nameText: string,
  args: OrgCreateArgs,
): Promise<string> {
  const name = readOrganizationName(nameText);
  if (!name.ok) throw new CliError(name.error, EXIT.badInput);
  const slug = args.slug === undefined ? undefined : readOrganizationSlug(args.slug);
  if (slug !== undefined && !slug.ok) throw new CliError(`--slug: ${slug.error}`, EXIT.badInput);

  if (slug !== undefined) {
    const owner = await findOrganization(context.db, slug.value);
    if (owner) {
      throw new CliError(
        `the slug "${slug.value}" is taken by ${owner.name}; choose another --slug`,
        EXIT.badInput,
      );
    }
  }
  const organization = await createOrganization(context.db, {
    name: name.value,
    ...(slug === undefined ? {} : { slug: slug.value }),
  });

  if (args.json) return JSON.stringify(organizationView(organization), null, 2);
  return (
    `Created organization ${organization.name}: slug ${organization.slug}, ` +
    `id ${organization.id}\nUse it with --org ${organization.slug}.`
  );
}

/** @example await runOrgList(context, {}) // '1 organization:\n  acme  Acme  6f1c…' */
export async function runOrgList(
  context: EngineContext,
  args: { json?: boolean },
): Promise<string> {
  const organizations = await listOrganizations(context.db);
  if (args.json) return JSON.stringify(organizations.map(organizationView), null, 2);
  if (organizations.length === 0) {
    return 'No organizations yet; create one with: inflow org create "Acme"';
  }

  const width = Math.max(...organizations.map((organization) => organization.slug.length));
  return [
    `${counted(organizations.length, 'organization')} (slug, name, id):`,
    ...organizations.map(
      (organization) =>
        `  ${organization.slug.padEnd(width)}  ${organization.name}  ${organization.id}`,
    ),
  ].join('\n');
}

/**
 * The organization named by `--org`, or exit 3 with how to create it. Every command that
 * takes `--org` should find organizations through this.
 */
export async function organizationOrThrow(
  context: EngineContext,
  idOrSlug: string,
): Promise<Organization> {
  const organization = await findOrganization(context.db, idOrSlug);
  if (organization) return organization;

  // "--org 'Acme Co'" names an organization by its name; its slug is acme-co.
  const slug = slugify(idOrSlug);
  const named = slug === idOrSlug ? undefined : await findOrganization(context.db, slug);
  if (named) {
    throw new CliError(
      `no organization has the id or slug "${idOrSlug}"; did you mean --org ${named.slug} ` +
        `(${named.name})?`,
      EXIT.badInput,
    );
  }
  throw new CliError(missingOrganizationMessage(idOrSlug), EXIT.badInput);
}

/**
 * @example
 * missingOrganizationMessage('acme')
 * // 'no organization has the id or slug "acme"; create it with: inflow org create "Acme"
 * //  (or list them with: inflow org list)'
 */
export function missingOrganizationMessage(idOrSlug: string): string {
  const missing = `no organization has the id or slug "${idOrSlug}"`;
  const list = 'inflow org list';
  if (isUuid(idOrSlug)) return `${missing}; list them with: ${list}`;

  const slug = readOrganizationSlug(idOrSlug);
  const name = slug.ok ? titleOf(idOrSlug) : idOrSlug.trim();
  // The slug made from the name is the one --org will need; say so when it differs.
  const slugOption = slug.ok && slugify(name) !== idOrSlug ? ` --slug ${idOrSlug}` : '';
  const then = slug.ok ? '' : `, then use --org ${slugify(name)}`;
  return (
    `${missing}; create it with: inflow org create "${name}"${slugOption}${then} ` +
    `(or list them with: ${list})`
  );
}

/** "acme-logistics" becomes "Acme Logistics", a first guess the administrator can change. */
function titleOf(slug: string): string {
  return slug
    .split('-')
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

function organizationView(organization: Organization) {
  return {
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    createdAt: organization.createdAt.toISOString(),
  };
}
