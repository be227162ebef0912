/**
 * How an organization's WhatsApp adapter is built from its saved credentials, and how those
 * credentials are checked without sending anything: reading the business phone number from
 * the Graph API proves the token and the phone number id go together.
 */
import { z } from 'zod';
import { err, ok } from '../../shared/result.ts';
import { defineChannelFactory } from '../channel-factory.ts';
import { DEFAULT_GRAPH_BASE_URL, GraphApiClient } from './graph-api-client.ts';
import { WhatsAppChannel } from './whatsapp-channel.ts';
import { sendFailureOf } from './whatsapp-errors.ts';

export const WhatsAppCredentialsSchema = z.object({
  /** The business phone number's id in WhatsApp Manager (not the number itself). */
  phoneNumberId: z.string().regex(/^\d{5,20}$/, 'the numeric phone number id'),
  accessToken: z.string().min(20, 'a system user access token'),
  /** The Meta app's secret, which signs webhooks (X-Hub-Signature-256). */
  appSecret: z.string().min(8),
  /** The token typed in the app's webhook settings; Meta echoes it when verifying. */
  verifyToken: z.string().min(8),
  graphApiVersion: z
    .string()
    .regex(/^v\d+\.\d+$/, 'a Graph API version such as v23.0')
    .default('v23.0'),
  windowMarginSeconds: z.number().int().min(0).max(3600).default(60),
});

export type WhatsAppCredentials = z.infer<typeof WhatsAppCredentialsSchema>;

export const whatsappFactory = defineChannelFactory<WhatsAppCredentials>({
  kind: 'whatsapp',
  credentialsSchema: WhatsAppCredentialsSchema,
  secretFields: ['accessToken', 'appSecret', 'verifyToken'],
  create: (credentials, dependencies) => new WhatsAppChannel(credentials, dependencies),
  check: async (credentials, dependencies) => {
    const graph = new GraphApiClient({
      baseUrl: dependencies.apiBaseUrls?.whatsapp ?? DEFAULT_GRAPH_BASE_URL,
      version: credentials.graphApiVersion,
      phoneNumberId: credentials.phoneNumberId,
      accessToken: credentials.accessToken,
    });
    const number = await graph.readPhoneNumber();
    if (!number.ok) return err(sendFailureOf(number.error).reason);

    const { displayPhoneNumber, verifiedName, qualityRating } = number.value;
    const quality = qualityRating ? `, quality rating ${qualityRating}` : '';
    return ok(`WhatsApp number ${displayPhoneNumber} ("${verifiedName}")${quality}`);
  },
});
