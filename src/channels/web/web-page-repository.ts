import type { Kysely, Selectable } from 'kysely';
import type { Database, WebPagesTable } from '../../db/schema.ts';
import type { OutboundMessage, SendRequest } from '../channel.ts';

// Pages keep the learner's channel address; learner erasure deletes them by that address.

/** The question a page asks, as the send request named it. */
export type PageQuestion = NonNullable<SendRequest['question']>;

/** A message shown as a web page, and whose conversation an answer given on it joins. */
export interface WebPage {
  id: string;
  organizationId: string;
  /** The channel the lesson was sent on; answers on the page count as replies on it. */
  channel: string;
  /** The learner's address on that channel. */
  address: string;
  message: OutboundMessage;
  question: PageQuestion | null;
  createdAt: Date;
  expiresAt: Date;
}

export interface NewWebPage {
  organizationId: string;
  channel: string;
  address: string;
  /** The send's idempotency key: sending the same message again shows the same page. */
  idempotencyKey: string;
  message: OutboundMessage;
  question?: SendRequest['question'];
  createdAt: Date;
  expiresAt: Date;
}

/** Stores a page once per idempotency key and returns it, new or as first stored. */
export async function storeWebPage(db: Kysely<Database>, page: NewWebPage): Promise<WebPage> {
  await db
    .insertInto('webPages')
    .values({
      organizationId: page.organizationId,
      channel: page.channel,
      address: page.address,
      idempotencyKey: page.idempotencyKey,
      message: JSON.stringify(page.message),
      question: page.question ? JSON.stringify(page.question) : null,
      createdAt: page.createdAt,
      expiresAt: page.expiresAt,
    })
    .onConflict((conflict) => conflict.columns(['organizationId', 'idempotencyKey']).doNothing())
    .execute();

  const row = await db
    .selectFrom('webPages')
    .selectAll()
    .where('organizationId', '=', page.organizationId)
    .where('idempotencyKey', '=', page.idempotencyKey)
    .executeTakeFirstOrThrow();
  return toWebPage(row);
}

export async function findWebPage(db: Kysely<Database>, id: string): Promise<WebPage | undefined> {
  const row = await db.selectFrom('webPages').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWebPage(row) : undefined;
}

/** A learner's latest pages on a channel, oldest first, as a conversation reads. */
export async function listLearnerPages(
  db: Kysely<Database>,
  where: { organizationId: string; channel: string; address: string },
  limit: number,
): Promise<WebPage[]> {
  const rows = await db
    .selectFrom('webPages')
    .selectAll()
    .where('organizationId', '=', where.organizationId)
    .where('channel', '=', where.channel)
    .where('address', '=', where.address)
    .orderBy('seq', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse().map(toWebPage);
}

function toWebPage(row: Selectable<WebPagesTable>): WebPage {
  return {
    id: row.id,
    organizationId: row.organizationId,
    channel: row.channel,
    address: row.address,
    message: row.message as unknown as OutboundMessage,
    question: row.question as PageQuestion | null,
    createdAt: new Date(row.createdAt),
    expiresAt: new Date(row.expiresAt),
  };
}
