import { z } from 'zod';
import { ok } from '../../shared/result.ts';
import { defineChannelFactory } from '../channel-factory.ts';
import { WebChannel } from './web-channel.ts';

export const webCredentialsSchema = z.object({
  /** Days an answer form on a web page stays usable; 30 when absent. */
  pageTtlDays: z.number().int().min(1).max(365).optional(),
});

export type WebCredentials = z.infer<typeof webCredentialsSchema>;

/**
 * The web channel has no provider and no secret: pages are stored here and served by this
 * server under /learn. Configuring it (with `{}`) turns it on for an organization.
 */
export const webChannelFactory = defineChannelFactory<WebCredentials>({
  kind: 'web',
  credentialsSchema: webCredentialsSchema,
  secretFields: [],
  create: (credentials, dependencies) =>
    new WebChannel({
      organizationId: dependencies.organizationId,
      db: dependencies.db,
      clock: dependencies.clock,
      pageTtlDays: credentials.pageTtlDays,
    }),
  check: async (_credentials, dependencies) =>
    dependencies.publicBaseUrl
      ? ok(`web pages are served at ${dependencies.publicBaseUrl}/learn`)
      : ok('web pages are served under /learn; set the public base URL so links are absolute'),
});
