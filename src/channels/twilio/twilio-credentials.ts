import { z } from 'zod';
import { DEFAULT_MAX_SEGMENTS } from './sms-render.ts';

/**
 * What an organization gives to send SMS through its Twilio account. The auth token is the
 * only secret: it authenticates our API calls and signs Twilio's webhooks to us.
 */
export const twilioCredentialsSchema = z
  .object({
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'a Twilio Account SID: "AC" and 32 hexadecimal digits'),
    authToken: z.string().min(16, 'the Twilio Auth Token of that account (32 characters)'),
    from: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'the Twilio phone number to send from, in E.164 (+14155550100)')
      .optional(),
    messagingServiceSid: z
      .string()
      .regex(/^MG[0-9a-fA-F]{32}$/, 'a Messaging Service SID: "MG" and 32 hexadecimal digits')
      .optional(),
    /** Most segments one SMS may cost before a lesson is cut short with a link or split. */
    maxSegments: z.number().int().min(1).max(10).default(DEFAULT_MAX_SEGMENTS),
    /** Rewrite curly quotes and dashes that would switch a message to UCS-2. */
    smartEncoding: z.boolean().default(true),
  })
  .strict()
  .refine((value) => value.from !== undefined || value.messagingServiceSid !== undefined, {
    message: 'give "from" (a Twilio number) or "messagingServiceSid"',
    path: ['from'],
  });

export type TwilioCredentials = z.infer<typeof twilioCredentialsSchema>;

export const TWILIO_SECRET_FIELDS = ['authToken'] as const;
