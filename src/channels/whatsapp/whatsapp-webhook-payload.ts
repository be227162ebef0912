/**
 * The `messages` webhook of the Cloud API as Meta documents it: an envelope of entries and
 * changes, each change carrying the business number's metadata and either learner messages,
 * status callbacks of our messages, or errors. Only the fields Inflow reads are declared;
 * everything else Meta sends is ignored, so new fields never break parsing.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../shared/result.ts';

const ErrorSchema = z.object({
  code: z.number(),
  title: z.string().optional(),
  message: z.string().optional(),
  error_data: z.object({ details: z.string().optional() }).optional(),
});

const StatusSchema = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: z.string().regex(/^\d+$/),
  recipient_id: z.string().optional(),
  errors: z.array(ErrorSchema).optional(),
});

const MessageSchema = z.object({
  from: z.string().regex(/^\d+$/),
  id: z.string().min(1),
  timestamp: z.string().regex(/^\d+$/),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string().optional() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string().optional() }).optional(),
    })
    .optional(),
  button: z.object({ payload: z.string().optional(), text: z.string().optional() }).optional(),
});

const MessagesValueSchema = z.object({
  metadata: z.object({ phone_number_id: z.string() }),
  messages: z.array(MessageSchema).optional(),
  statuses: z.array(StatusSchema).optional(),
  errors: z.array(ErrorSchema).optional(),
});

const EnvelopeSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      changes: z.array(z.object({ field: z.string(), value: z.unknown() })),
    }),
  ),
});

export type WhatsAppMessage = z.infer<typeof MessageSchema>;
export type WhatsAppStatus = z.infer<typeof StatusSchema>;
export type WhatsAppError = z.infer<typeof ErrorSchema>;

export interface WhatsAppWebhook {
  /** Learner messages to our number, in the order Meta listed them. */
  messages: WhatsAppMessage[];
  statuses: WhatsAppStatus[];
  /** Errors Meta reports outside any message (e.g. on the number). */
  errors: WhatsAppError[];
  /** Changes for another phone number or another field, skipped. */
  skipped: number;
}

/**
 * Reads a webhook body for one business number; a body that is not the documented shape is
 * an error saying where.
 */
export function readWhatsAppWebhook(
  rawBody: string,
  phoneNumberId: string,
): Result<WhatsAppWebhook, string> {
  let json: unknown;
  try {
    json = JSON.parse(rawBody);
  } catch {
    return err('body is not JSON');
  }
  const envelope = EnvelopeSchema.safeParse(json);
  if (!envelope.success) return err(`body is not a WhatsApp webhook: ${issueOf(envelope.error)}`);

  const webhook: WhatsAppWebhook = { messages: [], statuses: [], errors: [], skipped: 0 };
  if (envelope.data.object !== 'whatsapp_business_account') {
    webhook.skipped = envelope.data.entry.length;
    return ok(webhook);
  }

  for (const change of envelope.data.entry.flatMap((entry) => entry.changes)) {
    if (change.field !== 'messages') {
      webhook.skipped += 1;
      continue;
    }
    const value = MessagesValueSchema.safeParse(change.value);
    if (!value.success) return err(`a messages change is malformed: ${issueOf(value.error)}`);
    // Limitation: the webhook URL names one organization, so each needs its own Meta app
    // or a callback override on its WhatsApp Business Account.
    if (value.data.metadata.phone_number_id !== phoneNumberId) {
      webhook.skipped += 1;
      continue;
    }
    webhook.messages.push(...(value.data.messages ?? []));
    webhook.statuses.push(...(value.data.statuses ?? []));
    webhook.errors.push(...(value.data.errors ?? []));
  }
  return ok(webhook);
}

function issueOf(error: z.ZodError): string {
  const [issue] = error.issues;
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
