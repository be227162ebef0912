/**
 * WhatsApp's customer service window: a business may send free-form messages to a person
 * only within 24 hours of that person's last message; outside it only an approved template
 * may go. The window is kept per learner and business number, from the timestamps Meta puts
 * on inbound messages, and judged at the instant a message is actually sent.
 */
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export const SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface ConversationKey {
  organizationId: string;
  businessNumberId: string;
  waId: string;
}

export interface ConversationState {
  lastInboundAt: Date | null;
  lastTemplateAt: Date | null;
  lastTemplateMessageId: string | null;
}

const CLOSED: ConversationState = {
  lastInboundAt: null,
  lastTemplateAt: null,
  lastTemplateMessageId: null,
};

export async function findConversation(
  db: Kysely<Database>,
  key: ConversationKey,
): Promise<ConversationState> {
  const row = await db
    .selectFrom('whatsappConversations')
    .select(['lastInboundAt', 'lastTemplateAt', 'lastTemplateMessageId'])
    .where('organizationId', '=', key.organizationId)
    .where('businessNumberId', '=', key.businessNumberId)
    .where('waId', '=', key.waId)
    .executeTakeFirst();
  return row ?? CLOSED;
}

/**
 * Opens (or extends) the window from an inbound message. A replayed or late webhook carries
 * an older timestamp and never moves the window back.
 */
export async function recordInbound(
  db: Kysely<Database>,
  key: ConversationKey,
  at: Date,
): Promise<void> {
  await db
    .insertInto('whatsappConversations')
    .values({ ...key, lastInboundAt: at })
    .onConflict((conflict) =>
      conflict.columns(['organizationId', 'businessNumberId', 'waId']).doUpdateSet({
        lastInboundAt: sql<Date>`greatest(whatsapp_conversations.last_inbound_at, ${at})`,
      }),
    )
    .execute();
}

export async function recordTemplateSent(
  db: Kysely<Database>,
  key: ConversationKey,
  messageId: string,
  at: Date,
): Promise<void> {
  await db
    .insertInto('whatsappConversations')
    .values({ ...key, lastTemplateAt: at, lastTemplateMessageId: messageId })
    .onConflict((conflict) =>
      conflict
        .columns(['organizationId', 'businessNumberId', 'waId'])
        .doUpdateSet({ lastTemplateAt: at, lastTemplateMessageId: messageId }),
    )
    .execute();
}

/** Meta said the window is closed (error 131047) although our record said open. */
export async function markWindowClosed(db: Kysely<Database>, key: ConversationKey) {
  await db
    .updateTable('whatsappConversations')
    .set({ lastInboundAt: null })
    .where('organizationId', '=', key.organizationId)
    .where('businessNumberId', '=', key.businessNumberId)
    .where('waId', '=', key.waId)
    .execute();
}

/**
 * Whether a free-form message may be sent now. The margin closes the window a little early,
 * so a message sent just before the 24 hours end is not refused on arrival at Meta.
 */
export function isWindowOpen(state: ConversationState, now: Date, marginMs: number): boolean {
  if (!state.lastInboundAt) return false;
  const elapsed = now.getTime() - state.lastInboundAt.getTime();
  return elapsed < SERVICE_WINDOW_MS - marginMs;
}

/**
 * Whether a re-engagement template went out since the learner last wrote and less than a
 * day ago: another would only repeat it (and cost again), so messages wait behind it.
 */
export function hasPendingTemplate(state: ConversationState, now: Date): boolean {
  if (!state.lastTemplateAt) return false;
  const sinceInbound = !state.lastInboundAt || state.lastTemplateAt > state.lastInboundAt;
  return sinceInbound && now.getTime() - state.lastTemplateAt.getTime() < SERVICE_WINDOW_MS;
}
