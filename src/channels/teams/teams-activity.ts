/**
 * Inbound Bot Framework activities: checked for the fields every later step relies on, and
 * read for whether the app was installed into or removed from a conversation.
 */
import type { Activity } from 'botbuilder';
import { z } from 'zod';
import { err, ok, type Result } from '../../shared/result.ts';

const account = z.object({ id: z.string().min(1) }).passthrough();

/** The part of the activity schema every activity we act on must have. */
const activityShape = z
  .object({
    type: z.string().min(1),
    id: z.string().optional(),
    serviceUrl: z.string().url(),
    channelId: z.string().min(1),
    from: account,
    recipient: account,
    conversation: z.object({ id: z.string().min(1) }).passthrough(),
  })
  .passthrough();

export function readActivity(rawBody: string): Result<Activity, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(rawBody);
  } catch {
    return err('The body is not JSON; the Bot Connector posts an activity as JSON');
  }
  const checked = activityShape.safeParse(parsed);
  if (!checked.success) {
    const where = checked.error.issues.map((issue) => issue.path.join('.') || 'body').join(', ');
    return err(`The activity is missing or has malformed fields: ${where}`);
  }
  return ok(checked.data as unknown as Activity);
}

/**
 * true when the activity says the bot was added to the conversation, false when removed,
 * undefined when it says neither (an ordinary message).
 */
export function installationChange(activity: Activity): boolean | undefined {
  if (activity.type === 'installationUpdate') {
    if (activity.action === 'add' || activity.action === 'add-upgrade') return true;
    if (activity.action === 'remove' || activity.action === 'remove-upgrade') return false;
    return undefined;
  }
  if (activity.type === 'conversationUpdate') {
    const botId = activity.recipient.id;
    if (activity.membersRemoved?.some((member) => member.id === botId)) return false;
    if (activity.membersAdded?.some((member) => member.id === botId)) return true;
  }
  return undefined;
}
