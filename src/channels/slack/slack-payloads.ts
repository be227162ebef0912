/**
 * What Slack posts to the app, as its documentation shows: Events API bodies in JSON
 * (`url_verification`, `event_callback` carrying a `message` event) and interactivity
 * bodies form-encoded as `payload=<JSON>` (`block_actions` when a button is clicked).
 * Only the fields Inflow reads are declared; the rest is ignored.
 */
import { z } from 'zod';
import { err, ok, type Result } from '../../shared/result.ts';

const UrlVerificationSchema = z.object({
  type: z.literal('url_verification'),
  challenge: z.string().min(1).max(500),
});

const MessageEventSchema = z.object({
  type: z.string(),
  channel: z.string().optional(),
  channel_type: z.string().optional(),
  user: z.string().optional(),
  text: z.string().optional(),
  ts: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .optional(),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
});

const EventCallbackSchema = z.object({
  type: z.literal('event_callback'),
  event_id: z.string().optional(),
  event: MessageEventSchema,
});

const BlockActionsSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().min(1) }),
  container: z
    .object({ message_ts: z.string().optional(), channel_id: z.string().optional() })
    .optional(),
  actions: z.array(
    z.object({
      type: z.string(),
      action_id: z.string(),
      value: z.string().optional(),
      action_ts: z.string().regex(/^\d+(\.\d+)?$/),
    }),
  ),
});

export type MessageEvent = z.infer<typeof MessageEventSchema>;
export type BlockActions = z.infer<typeof BlockActionsSchema>;

export type SlackPayload =
  | { kind: 'url_verification'; challenge: string }
  | { kind: 'event'; eventId?: string; event: MessageEvent }
  | { kind: 'block_actions'; payload: BlockActions }
  /** Valid but of no use to Inflow: other event or interaction types. */
  | { kind: 'other'; type: string };

/**
 * Reads an Events API or interactivity body; the error says what is wrong.
 * @example readSlackPayload('payload=%7B%22type%22%3A%22block_actions%22...')
 */
export function readSlackPayload(rawBody: string): Result<SlackPayload, string> {
  const trimmed = rawBody.trimStart();
  const json = trimmed.startsWith('{') ? parseJson(trimmed) : formPayload(rawBody);
  if (!json.ok) return json;

  const type = (json.value as { type?: unknown } | null)?.type;
  if (typeof type !== 'string') return err('the body has no "type"');
  switch (type) {
    case 'url_verification': {
      const parsed = UrlVerificationSchema.safeParse(json.value);
      return parsed.success
        ? ok({ kind: 'url_verification', challenge: parsed.data.challenge })
        : err(`url_verification is malformed: ${issueOf(parsed.error)}`);
    }
    case 'event_callback': {
      const parsed = EventCallbackSchema.safeParse(json.value);
      return parsed.success
        ? ok({ kind: 'event', eventId: parsed.data.event_id, event: parsed.data.event })
        : err(`event_callback is malformed: ${issueOf(parsed.error)}`);
    }
    case 'block_actions': {
      const parsed = BlockActionsSchema.safeParse(json.value);
      return parsed.success
        ? ok({ kind: 'block_actions', payload: parsed.data })
        : err(`block_actions is malformed: ${issueOf(parsed.error)}`);
    }
    default:
      return ok({ kind: 'other', type });
  }
}

/** Interactivity posts `application/x-www-form-urlencoded` with the JSON in `payload`. */
function formPayload(rawBody: string): Result<unknown, string> {
  const payload = new URLSearchParams(rawBody).get('payload');
  if (payload === null) return err('the body is neither JSON nor a form with a payload field');
  return parseJson(payload);
}

function parseJson(text: string): Result<unknown, string> {
  try {
    return ok(JSON.parse(text) as unknown);
  } catch {
    return err('the body is not valid JSON');
  }
}

function issueOf(error: z.ZodError): string {
  const [issue] = error.issues;
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'invalid';
}
