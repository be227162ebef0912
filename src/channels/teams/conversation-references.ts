/**
 * Teams conversation references, kept in the database (pitfall TM-01). A bot can message a
 * learner only through a reference captured from an activity of theirs; every inbound
 * activity refreshes it, since Teams may move the conversation to another regional service
 * URL and the old one stops working. Nothing about them is trusted from memory, so a send
 * after a restart uses the latest URL without waiting for the learner to write first.
 */
import { TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';

export interface StoredConversation {
  conversationId: string;
  serviceUrl: string;
  reference: Partial<ConversationReference>;
}

/**
 * Upserts the reference of the activity's conversation. An activity received earlier than
 * the stored one never overwrites it, so a late retry cannot bring back an old service URL.
 */
export async function rememberConversation(
  db: Kysely<Database>,
  organizationId: string,
  activity: Activity,
  receivedAt: Date,
  installed?: boolean,
): Promise<void> {
  const { activityId: _activityId, ...reference } = TurnContext.getConversationReference(activity);
  const personal = activity.conversation.conversationType === 'personal';
  const row = {
    organizationId,
    conversationId: activity.conversation.id,
    conversationType: activity.conversation.conversationType ?? 'personal',
    userId: personal ? activity.from.id : null,
    userAadObjectId: personal ? (activity.from.aadObjectId ?? null) : null,
    tenantId: activity.conversation.tenantId ?? tenantOf(activity) ?? null,
    serviceUrl: activity.serviceUrl,
    reference: JSON.stringify(reference),
    installed: installed ?? true,
    updatedAt: receivedAt,
  };

  await db
    .insertInto('teamsConversationReferences')
    .values(row)
    .onConflict((conflict) =>
      conflict
        .columns(['organizationId', 'conversationId'])
        .doUpdateSet({
          serviceUrl: row.serviceUrl,
          reference: row.reference,
          tenantId: row.tenantId,
          userId: sql<
            string | null
          >`coalesce(excluded.user_id, teams_conversation_references.user_id)`,
          userAadObjectId: sql<string | null>`coalesce(
            excluded.user_aad_object_id, teams_conversation_references.user_aad_object_id)`,
          // Only an install or uninstall says whether the app is there; a message implies it is.
          installed: installed ?? true,
          updatedAt: receivedAt,
        })
        .where('teamsConversationReferences.updatedAt', '<=', receivedAt),
    )
    .execute();
}

/**
 * The personal conversation with a learner, by the id the roster knows them by: their
 * Entra (AAD) object id, or their Teams user id ("29:...").
 */
export async function findPersonalConversation(
  db: Kysely<Database>,
  organizationId: string,
  learnerAddress: string,
): Promise<StoredConversation | undefined> {
  const row = await db
    .selectFrom('teamsConversationReferences')
    .select(['conversationId', 'serviceUrl', 'reference'])
    .where('organizationId', '=', organizationId)
    .where('conversationType', '=', 'personal')
    .where('installed', '=', true)
    .where((eb) =>
      eb.or([eb('userAadObjectId', '=', learnerAddress), eb('userId', '=', learnerAddress)]),
    )
    .orderBy('updatedAt', 'desc')
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    conversationId: row.conversationId,
    serviceUrl: row.serviceUrl,
    reference: row.reference as Partial<ConversationReference>,
  };
}

function tenantOf(activity: Activity): string | undefined {
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const id = channelData?.tenant?.id;
  return typeof id === 'string' ? id : undefined;
}
