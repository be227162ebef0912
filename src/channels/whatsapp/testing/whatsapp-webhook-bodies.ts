/**
 * Webhook bodies shaped as Meta's `messages` webhook reference shows them, for tests and the
 * fake Graph API: one entry, one change, the business number's metadata, then messages or
 * statuses.
 */

export interface BusinessNumber {
  phoneNumberId: string;
  displayPhoneNumber: string;
  businessAccountId: string;
}

export const FAKE_BUSINESS: BusinessNumber = {
  phoneNumberId: '106540352242922',
  displayPhoneNumber: '15550783881',
  businessAccountId: '102290129340398',
};

export function messagesWebhook(
  business: BusinessNumber,
  value: { contacts?: unknown[]; messages?: unknown[]; statuses?: unknown[]; errors?: unknown[] },
): string {
  return JSON.stringify({
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.businessAccountId,
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: {
                display_phone_number: business.displayPhoneNumber,
                phone_number_id: business.phoneNumberId,
              },
              ...value,
            },
            field: 'messages',
          },
        ],
      },
    ],
  });
}

/** A learner's message with the contact block Meta puts beside it. */
export function inboundWebhook(
  business: BusinessNumber,
  from: string,
  message: Record<string, unknown>,
  name = 'Test Learner',
): string {
  return messagesWebhook(business, {
    contacts: [{ profile: { name }, wa_id: from }],
    messages: [{ from, ...message }],
  });
}

export const textMessage = (id: string, timestamp: number, body: string) => ({
  id,
  timestamp: String(timestamp),
  type: 'text',
  text: { body },
});

export const buttonReply = (id: string, timestamp: number, replyId: string, title: string) => ({
  id,
  timestamp: String(timestamp),
  type: 'interactive',
  interactive: { type: 'button_reply', button_reply: { id: replyId, title } },
});

export const listReply = (id: string, timestamp: number, rowId: string, title: string) => ({
  id,
  timestamp: String(timestamp),
  type: 'interactive',
  interactive: { type: 'list_reply', list_reply: { id: rowId, title } },
});

/** A tap on a template's quick-reply button: type "button", with the payload we set. */
export const templateButton = (
  id: string,
  timestamp: number,
  payload: string,
  text: string,
  context: { from: string; id: string },
) => ({ id, timestamp: String(timestamp), type: 'button', button: { payload, text }, context });

export function statusWebhook(
  business: BusinessNumber,
  status: {
    id: string;
    status: 'sent' | 'delivered' | 'read' | 'failed';
    timestamp: number;
    recipientId: string;
    errors?: { code: number; title: string; details: string }[];
  },
): string {
  return messagesWebhook(business, {
    statuses: [
      {
        id: status.id,
        status: status.status,
        timestamp: String(status.timestamp),
        recipient_id: status.recipientId,
        ...(status.status === 'failed'
          ? {}
          : { pricing: { billable: true, pricing_model: 'PMP', category: 'service' } }),
        ...(status.errors
          ? {
              errors: status.errors.map((error) => ({
                code: error.code,
                title: error.title,
                message: error.title,
                error_data: { details: error.details },
              })),
            }
          : {}),
      },
    ],
  });
}
