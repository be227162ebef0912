/**
 * Every message the WhatsApp adapter sent or holds, by idempotency key. Meta has no
 * idempotency key of its own, so this log is what makes a retried send a no-op. Messages
 * held while the learner's window is closed wait here in order until they are released.
 */
import type { Kysely, Selectable } from 'kysely';
import type { OutboundMessage } from '../../conversation/outbound-message.ts';
import type { Database, WhatsappMessagesTable } from '../../db/schema.ts';
import type { ConversationKey } from './service-window.ts';

export type LoggedMessage = Omit<Selectable<WhatsappMessagesTable>, 'message'> & {
  message: OutboundMessage;
};

// Limitation: rows are kept for good (no pruning); they hold message texts and the learner's
// WhatsApp number, and learner erasure deletes them by that number.

/** A claim on held messages older than this was lost (a crash mid-release) and is retaken. */
const CLAIM_TIMEOUT_MS = 5 * 60_000;

export async function findByKey(
  db: Kysely<Database>,
  organizationId: string,
  idempotencyKey: string,
): Promise<LoggedMessage | undefined> {
  const row = await db
    .selectFrom('whatsappMessages')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('idempotencyKey', '=', idempotencyKey)
    .executeTakeFirst();
  return row as LoggedMessage | undefined;
}

interface NewEntry {
  key: ConversationKey;
  idempotencyKey: string;
  message: OutboundMessage;
  reportedMessageId: string;
  at: Date;
}

/** Records a message sent at once; a failed earlier attempt under the same key is replaced. */
export async function recordSent(
  db: Kysely<Database>,
  entry: NewEntry & { wamid: string },
): Promise<void> {
  const values = {
    message: JSON.stringify(entry.message),
    reportedMessageId: entry.reportedMessageId,
    status: 'sent' as const,
    wamid: entry.wamid,
    sentAt: entry.at,
    errorCode: null,
    errorReason: null,
  };
  await db
    .insertInto('whatsappMessages')
    .values({ ...entry.key, idempotencyKey: entry.idempotencyKey, createdAt: entry.at, ...values })
    .onConflict((conflict) =>
      conflict.columns(['organizationId', 'idempotencyKey']).doUpdateSet(values),
    )
    .execute();
}

/** Keeps a message until the learner's window opens. */
export async function hold(
  db: Kysely<Database>,
  entry: NewEntry & { templateMessageId: string | null },
): Promise<void> {
  const values = {
    message: JSON.stringify(entry.message),
    reportedMessageId: entry.reportedMessageId,
    status: 'held' as const,
    templateMessageId: entry.templateMessageId,
    wamid: null,
  };
  await db
    .insertInto('whatsappMessages')
    .values({ ...entry.key, idempotencyKey: entry.idempotencyKey, createdAt: entry.at, ...values })
    .onConflict((conflict) =>
      conflict.columns(['organizationId', 'idempotencyKey']).doUpdateSet(values),
    )
    .execute();
}

/**
 * Puts a message Meta refused for a closed window back in line, under its reported id. Its
 * wamid stays until it is sent again, so a replay of the refusal finds it already waiting.
 */
export async function holdAgain(db: Kysely<Database>, id: string): Promise<void> {
  await db
    .updateTable('whatsappMessages')
    .set({ status: 'held', sentAt: null, claimedAt: null })
    .where('id', '=', id)
    .execute();
}

export async function countPending(db: Kysely<Database>, key: ConversationKey): Promise<number> {
  const row = await db
    .selectFrom('whatsappMessages')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('organizationId', '=', key.organizationId)
    .where('businessNumberId', '=', key.businessNumberId)
    .where('waId', '=', key.waId)
    .where('status', 'in', ['held', 'releasing'])
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

/** The oldest message waiting for a learner, which a re-engagement template previews. */
export async function firstHeld(
  db: Kysely<Database>,
  key: ConversationKey,
): Promise<LoggedMessage | undefined> {
  const row = await db
    .selectFrom('whatsappMessages')
    .selectAll()
    .where('organizationId', '=', key.organizationId)
    .where('businessNumberId', '=', key.businessNumberId)
    .where('waId', '=', key.waId)
    .where('status', '=', 'held')
    .orderBy('id')
    .executeTakeFirst();
  return row as LoggedMessage | undefined;
}

/**
 * Takes every held message of a learner for release, oldest first, in one statement: two
 * releases running at once cannot both take a message, nor interleave their order.
 */
export async function claimHeld(
  db: Kysely<Database>,
  key: ConversationKey,
  now: Date,
): Promise<LoggedMessage[]> {
  const staleBefore = new Date(now.getTime() - CLAIM_TIMEOUT_MS);
  const rows = await db
    .updateTable('whatsappMessages')
    .set({ status: 'releasing', claimedAt: now })
    .where('organizationId', '=', key.organizationId)
    .where('businessNumberId', '=', key.businessNumberId)
    .where('waId', '=', key.waId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'held'),
        eb.and([eb('status', '=', 'releasing'), eb('claimedAt', '<', staleBefore)]),
      ]),
    )
    // A release already under way owns the whole line: nothing is taken past it.
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('whatsappMessages as other')
            .select('other.id')
            .where('other.organizationId', '=', key.organizationId)
            .where('other.businessNumberId', '=', key.businessNumberId)
            .where('other.waId', '=', key.waId)
            .where('other.status', '=', 'releasing')
            .where('other.claimedAt', '>=', staleBefore),
        ),
      ),
    )
    .returningAll()
    .execute();
  return (rows as LoggedMessage[]).sort((a, b) => Number(a.id) - Number(b.id));
}

export async function markSent(db: Kysely<Database>, id: string, wamid: string, at: Date) {
  await db
    .updateTable('whatsappMessages')
    .set({ status: 'sent', wamid, sentAt: at, claimedAt: null, errorCode: null, errorReason: null })
    .where('id', '=', id)
    .execute();
}

/** Ends messages that will not be sent: failed for good, or cancelled (opted out). */
export async function markEnded(
  db: Kysely<Database>,
  ids: readonly string[],
  status: 'failed' | 'cancelled',
  error: { code: string; reason: string },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('whatsappMessages')
    .set({ status, claimedAt: null, errorCode: error.code, errorReason: error.reason })
    .where('id', 'in', [...ids])
    .execute();
}

/** Gives claimed messages back to the line after a failure that may pass. */
export async function returnToHeld(
  db: Kysely<Database>,
  ids: readonly string[],
  error: { code: string; reason: string },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('whatsappMessages')
    .set({ status: 'held', claimedAt: null, errorCode: error.code, errorReason: error.reason })
    .where('id', 'in', [...ids])
    .execute();
}

/** Logged messages Meta knows by these wamids (a status callback names them). */
export async function findByWamids(
  db: Kysely<Database>,
  organizationId: string,
  wamids: readonly string[],
): Promise<LoggedMessage[]> {
  if (wamids.length === 0) return [];
  const rows = await db
    .selectFrom('whatsappMessages')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('wamid', 'in', [...wamids])
    .execute();
  return rows as LoggedMessage[];
}

/** Messages still waiting behind a template, e.g. to fail them when the template fails. */
export async function heldBehindTemplate(
  db: Kysely<Database>,
  organizationId: string,
  templateMessageId: string,
): Promise<LoggedMessage[]> {
  const rows = await db
    .selectFrom('whatsappMessages')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('templateMessageId', '=', templateMessageId)
    .where('status', '=', 'held')
    .orderBy('id')
    .execute();
  return rows as LoggedMessage[];
}

/** Points held messages that wait without a template at the one just sent for them. */
export async function attachTemplate(
  db: Kysely<Database>,
  key: ConversationKey,
  templateMessageId: string,
): Promise<void> {
  await db
    .updateTable('whatsappMessages')
    .set({ templateMessageId })
    .where('organizationId', '=', key.organizationId)
    .where('businessNumberId', '=', key.businessNumberId)
    .where('waId', '=', key.waId)
    .where('status', '=', 'held')
    .where('templateMessageId', 'is', null)
    .execute();
}
