/**
 * `inflow scim token <org>`: creates or rotates an organization's SCIM bearer token and
 * prints it once, with the SCIM base URL to give Okta or Entra ID. Only a hash is stored.
 *
 *   inflow scim token acme --public-url https://inflow.acme.example
 */
import type { Command } from 'commander';
import type { EngineContext } from '../../app/context.ts';
import type { Organization } from '../../organizations/organization-repository.ts';
import { configFor } from '../runtime-options.ts';
import type { CommandOutput, InOrganization } from './cohort.ts';

export function registerScimCommands(program: Command, inOrganization: InOrganization): void {
  const scim = program
    .command('scim')
    .description('Provisioning from Okta, Entra ID and other SCIM clients');

  scim
    .command('token')
    .description('Create or rotate the SCIM token of an organization (the old one stops working)')
    .argument('<org>', 'organization id or slug')
    .option(
      '--public-url <url>',
      'where identity providers reach this server (default: HOST and PORT)',
    )
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (org: string, options: { publicUrl?: string; dataDir?: string }) => {
      const config = configFor(options);
      const publicUrl = options.publicUrl ?? `http://${config.host}:${config.port}`;
      const output = await inOrganization({ ...options, org }, (context, organization) =>
        runScimToken(context, organization, publicUrl),
      );
      console.log(output.text);
    });
}

export async function runScimToken(
  context: EngineContext,
  organization: Organization,
  publicUrl: string,
): Promise<CommandOutput> {
  const { rotateScimToken, scimBaseUrl } = await import('../../people/scim/scim-tokens.ts');
  const token = await rotateScimToken(context.db, organization.id, context.clock.now());
  const baseUrl = scimBaseUrl(publicUrl, organization.slug);
  return {
    text: [
      `SCIM token for ${organization.name} (${organization.slug}). It is shown only now;`,
      'Inflow keeps a hash of it. Running this again replaces it.',
      '',
      `  Token:    ${token}`,
      `  Base URL: ${baseUrl}`,
      '',
      'Okta: "SCIM connector base URL" and "HTTP Header" authentication with this token.',
      'Entra ID: "Tenant URL" and "Secret Token". See docs/people.md.',
    ].join('\n'),
    exitCode: 0,
  };
}
