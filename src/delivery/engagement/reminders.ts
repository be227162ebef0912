import type { Insertable } from 'kysely';

import type { EngineContext } from '../../app/context.ts';
import type { DeliveriesTable } from '../../db/schema.ts';
import { dispatcherFor } from '../dispatch/dispatcher.ts';

const HOUR_MS = 3_600_000;
/** Prompts older than this get no reminder, whatever the settings say. */
const OLDEST_REMINDED_MS = 30 * 24 * HOUR_MS;

/**
 * Queues reminders for lesson questions still unanswered: reminder n is due n intervals after
 * the question, up to the organization's count. A worker that was down queues only the latest
 * reminder due, never the ones it missed, and a reminder whose question is answered before it
 * goes is cancelled by the dispatcher. Returns how many were queued.
 * Limitation: every open prompt of the last 30 days is read on each tick.
 */
export async function scheduleReminders(context: EngineContext, at: Date): Promise<number> {
  const dispatcher = dispatcherFor(context);
  const open = await context.db
    .selectFrom('prompts')
    .select(['id', 'organizationId', 'learnerId', 'enrolmentId', 'questionId', 'channel', 'sentAt'])
    .where('status', '=', 'open')
    .where('round', '=', 0)
    .where('sentAt', '<=', new Date(at.getTime() - HOUR_MS))
    .where('sentAt', '>=', new Date(at.getTime() - OLDEST_REMINDED_MS))
    .execute();

  const reminders: Insertable<DeliveriesTable>[] = [];
  for (const prompt of open) {
    const settings = await dispatcher.settings.get(prompt.organizationId);
    const interval = settings.reminderIntervalHours * HOUR_MS;
    const due = Math.min(
      settings.reminderCount,
      Math.floor((at.getTime() - prompt.sentAt.getTime()) / interval),
    );
    if (due < 1) continue;

    reminders.push({
      organizationId: prompt.organizationId,
      learnerId: prompt.learnerId,
      enrolmentId: prompt.enrolmentId,
      lessonId: null,
      questionId: prompt.questionId,
      promptId: prompt.id,
      kind: 'reminder',
      channel: prompt.channel,
      idempotencyKey: `reminder:${prompt.id}:${due}`,
      providerMessageId: null,
      statusHistory: JSON.stringify([{ status: 'queued', at }]),
      errorCode: null,
      errorReason: null,
      scheduledFor: at,
      nextAttemptAt: at,
      sentAt: null,
    });
  }
  if (reminders.length === 0) return 0;

  const queued = await context.db
    .insertInto('deliveries')
    .values(reminders)
    .onConflict((conflict) => conflict.column('idempotencyKey').doNothing())
    .returning('id')
    .execute();
  return queued.length;
}
