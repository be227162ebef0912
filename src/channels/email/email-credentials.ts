import { z } from 'zod';
import { MIN_LINK_KEY_LENGTH } from '../web/link-token.ts';

/** An organization's outgoing mail server and how answer links behave. */
export const emailCredentialsSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(1).max(65535).default(587),
  /** starttls: upgrade on 587 and require it; tls: implicit TLS on 465; none: local relays. */
  security: z.enum(['starttls', 'tls', 'none']).default('starttls'),
  username: z.string().min(1).optional(),
  password: z.string().min(1).optional(),
  fromAddress: z.email(),
  fromName: z.string().min(1).default('Inflow'),
  replyTo: z.email().optional(),
  /** Signs answer and unsubscribe links (HMAC-SHA256); at least 32 characters. */
  linkSigningKey: z.string().min(MIN_LINK_KEY_LENGTH),
  /** How long an answer link works. A week by default. */
  answerLinkHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 90)
    .default(24 * 7),
  /**
   * one_click: opening an answer link records the answer. confirm: it shows a page with a
   * button that records it, for mail systems whose link scanners open every link in a message.
   */
  answerLinks: z.enum(['one_click', 'confirm']).default('one_click'),
});

export type EmailCredentials = z.infer<typeof emailCredentialsSchema>;

export const EMAIL_SECRET_FIELDS = ['password', 'linkSigningKey'] as const;
