import { randomUUID } from 'node:crypto';
import type { QuestionKind } from '../../courses/model.ts';
import { ok } from '../../shared/result.ts';
import {
  acknowledge,
  rejectWebhook,
  type Channel,
  type InboundMessage,
  type SendOutcome,
  type SendRequest,
  type WebhookRequest,
  type WebhookResult,
} from '../channel.ts';
import {
  createSimulatedLearner,
  drawReplyDelayMinutes,
  type PopulationSettings,
  type SimulatedLearner,
} from './simulated-population.ts';

/** What the simulator may know about a question in order to answer it right or wrong. */
export interface AnswerKey {
  kind: QuestionKind;
  /** Option keys in the order they are shown; empty for open questions. */
  optionKeys: string[];
  correctKey: string | null;
}

export type AnswerKeyLookup = (questionId: string) => AnswerKey | undefined;

export interface SimulatorOptions {
  population: PopulationSettings;
  answerKey: AnswerKeyLookup;
  /** The simulated "now" at which a message is handed over. */
  now: () => Date;
  /**
   * A stable name for the learner at an address (their email, say). Addresses are database
   * ids, new on every run; seeding by a stable name makes the same seed give the same run.
   */
  learnerKey?: (address: string) => string;
}

export interface TranscriptEntry {
  to: string;
  at: Date;
  text: string;
  idempotencyKey: string;
}

const REFLECTIONS = [
  'I will talk this through with my team this week.',
  'This changes how I handle it on the floor.',
  'I had not thought about this before; useful.',
];

/**
 * The embedded channel: a seeded population of simulated learners who read what is sent and
 * answer after a delay, right or wrong at their own rates. Replies come back through the same
 * inbound path as any provider's, so a run exercises the real engine end to end.
 */
export class SimulatorChannel implements Channel {
  readonly kind = 'simulator' as const;
  readonly transcript: TranscriptEntry[] = [];
  private readonly learners = new Map<string, SimulatedLearner>();
  private readonly sentKeys = new Set<string>();
  private pending: InboundMessage[] = [];
  private sequence = 0;
  private readonly runId = randomUUID();

  constructor(private readonly options: SimulatorOptions) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    // A retried send with the same key is accepted but not shown twice, as providers that
    // honour idempotency keys do.
    if (this.sentKeys.has(request.idempotencyKey)) {
      return ok({ providerMessageId: `sim-${request.idempotencyKey}` });
    }
    this.sentKeys.add(request.idempotencyKey);

    const at = this.options.now();
    this.transcript.push({
      to: request.to,
      at,
      text: request.message.text,
      idempotencyKey: request.idempotencyKey,
    });
    if (request.question) this.maybeAnswer(request, at);
    return ok({ providerMessageId: `sim-${request.idempotencyKey}` });
  }

  /** Replies whose simulated time has come, oldest first; they leave the queue. */
  takeRepliesDue(until: Date): InboundMessage[] {
    const due = this.pending.filter((reply) => reply.receivedAt <= until);
    this.pending = this.pending.filter((reply) => reply.receivedAt > until);
    return due.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  }

  /** When the next simulated reply arrives, if any is waiting. */
  nextReplyAt(): Date | undefined {
    const times = this.pending.map((reply) => reply.receivedAt.getTime());
    return times.length > 0 ? new Date(Math.min(...times)) : undefined;
  }

  /**
   * The simulator's webhook, for trying the HTTP path by hand: a JSON body
   * `{ "from", "id", "text"?, "payload"? }`. It is unsigned: the simulator is for local use.
   */
  async receiveWebhook(request: WebhookRequest, now: Date): Promise<WebhookResult> {
    if (request.method !== 'POST') return rejectWebhook(405, 'the simulator webhook takes POST');
    let body: unknown;
    try {
      body = JSON.parse(request.rawBody);
    } catch {
      return rejectWebhook(400, 'simulator webhook body is not JSON');
    }
    if (!isRecord(body) || typeof body.from !== 'string' || typeof body.id !== 'string') {
      return rejectWebhook(400, 'simulator webhook body needs string fields "from" and "id"');
    }
    const text = typeof body.text === 'string' ? body.text : undefined;
    const payload = typeof body.payload === 'string' ? body.payload : undefined;
    if (text === undefined && payload === undefined) {
      return rejectWebhook(400, 'simulator webhook body needs "text" or "payload"');
    }
    const message: InboundMessage = {
      channel: 'simulator',
      sender: body.from,
      text,
      payload,
      providerMessageId: body.id,
      receivedAt: now,
    };
    return acknowledge([{ kind: 'message', message }]);
  }

  private maybeAnswer(request: SendRequest, sentAt: Date): void {
    const question = request.question;
    const key = question ? this.options.answerKey(question.questionId) : undefined;
    if (!question || !key) return;

    const learner = this.learnerFor(request.to);
    if (learner.random() >= learner.replyRate) return;

    const receivedAt = new Date(sentAt.getTime() + drawReplyDelayMinutes(learner) * 60_000);
    const reply = this.composeReply(learner, key, request);
    this.sequence += 1;
    this.pending.push({
      channel: 'simulator',
      sender: request.to,
      ...reply,
      // Unique across runs: inbound ids are remembered to drop redelivered webhooks.
      providerMessageId: `sim-in-${this.runId}-${this.sequence}`,
      receivedAt,
    });
  }

  private composeReply(
    learner: SimulatedLearner,
    key: AnswerKey,
    request: SendRequest,
  ): { text?: string; payload?: string } {
    if (key.kind === 'reflection') {
      return { text: REFLECTIONS[Math.floor(learner.random() * REFLECTIONS.length)] };
    }
    if (key.kind === 'confidence') {
      const tag = request.question?.tag === undefined ? '' : `${request.question.tag} `;
      return { text: tag + String(2 + Math.floor(learner.random() * 4)) };
    }

    const correct = learner.random() < learner.accuracy;
    const wrongKeys = key.optionKeys.filter((option) => option !== key.correctKey);
    const pick =
      correct || wrongKeys.length === 0
        ? (key.correctKey ?? key.optionKeys[0] ?? 'a')
        : (wrongKeys[Math.floor(learner.random() * wrongKeys.length)] ?? 'a');

    // Half press the button, half type the letter in one of the forms people use.
    const index = key.optionKeys.indexOf(pick);
    const button = request.message.buttons?.[index];
    if (button && learner.random() < 0.5) return { payload: button.payload };
    const tag = request.question?.tag === undefined ? '' : String(request.question.tag);
    const letter = tag + String.fromCharCode(65 + Math.max(0, index));
    const forms = [letter, letter.toLowerCase(), `${letter.toLowerCase()})`, `option ${letter}`];
    return { text: forms[Math.floor(learner.random() * forms.length)] };
  }

  private learnerFor(address: string): SimulatedLearner {
    let learner = this.learners.get(address);
    if (!learner) {
      const key = this.options.learnerKey?.(address) ?? address;
      learner = createSimulatedLearner(this.options.population, key);
      this.learners.set(address, learner);
    }
    return learner;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
