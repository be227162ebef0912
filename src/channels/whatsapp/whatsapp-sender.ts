/**
 * The two ways a message leaves for WhatsApp: free-form inside the learner's window, or as
 * the organization's re-engagement template outside it. Both answer with a Result carrying
 * Meta's message id or a send failure an admin can read.
 */
import type { Kysely } from 'kysely';
import type { OutboundMessage } from '../../conversation/outbound-message.ts';
import type { Database, LearnerRow } from '../../db/schema.ts';
import { findLearnerByAddress } from '../../people/learner-repository.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { SendFailure } from '../channel.ts';
import type { GraphApiClient } from './graph-api-client.ts';
import { recordTemplateSent, type ConversationKey } from './service-window.ts';
import { attachTemplate } from './message-log.ts';
import { buildTemplateMessage } from './template-message.ts';
import { pickReengagementTemplate } from './template-registry.ts';
import { sendFailureOf } from './whatsapp-errors.ts';
import { phoneOf } from './whatsapp-inbound.ts';
import { buildGraphMessages } from './whatsapp-message-builder.ts';

// Limitation: the list button is worded in English and Spanish only, like the engine.
const LIST_BUTTON_LABELS: Readonly<Record<string, string>> = {
  en: 'Choose an answer',
  es: 'Elige una respuesta',
};

export class WhatsAppSender {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly organizationId: string,
    private readonly graph: GraphApiClient,
  ) {}

  /** The learner a WhatsApp id belongs to in this organization, if any. */
  findLearner(waId: string): Promise<LearnerRow | undefined> {
    return findLearnerByAddress(this.db, this.organizationId, 'whatsapp', phoneOf(waId));
  }

  /**
   * Sends a message free-form; a long text goes as several messages, answers on the last.
   * The value is the id of the last one, the message that carries the answers.
   */
  async sendFreeForm(
    waId: string,
    message: OutboundMessage,
    locale: string,
  ): Promise<Result<string, SendFailure>> {
    const bodies = buildGraphMessages(waId, message, { listButtonLabel: listButtonLabel(locale) });
    let lastId = '';
    // Limitation: a text split in parts that fails after the first part resends that part
    // on retry; lesson texts are rendered well under the 4096-character limit.
    for (const body of bodies) {
      const sent = await this.graph.sendMessage(body);
      if (!sent.ok) return err(sendFailureOf(sent.error));
      lastId = sent.value;
    }
    return ok(lastId);
  }

  /**
   * Sends the organization's re-engagement template in the learner's language in place of
   * `heldText`, records it on the conversation and points waiting messages at it.
   */
  async sendReengagement(
    key: ConversationKey,
    learner: LearnerRow | undefined,
    heldText: string,
    now: Date,
  ): Promise<Result<string, SendFailure>> {
    const template = await pickReengagementTemplate(
      this.db,
      this.organizationId,
      learner?.locale ?? 'en',
    );
    if (!template) {
      return err({
        code: 'outside_window',
        reason:
          "more than 24 hours since the learner's last WhatsApp message, and this " +
          'organization has no re-engagement template: register an approved one with PUT ' +
          '/api/v1/organizations/{org}/whatsapp/templates/{name}/{language}',
        retryable: false,
      });
    }

    const organization = await this.db
      .selectFrom('organizations')
      .select('name')
      .where('id', '=', this.organizationId)
      .executeTakeFirst();
    const body = buildTemplateMessage(key.waId, template, {
      learnerFullName: learner?.fullName ?? '',
      organizationName: organization?.name ?? '',
      heldText,
    });
    const sent = await this.graph.sendMessage(body);
    if (!sent.ok) return err(sendFailureOf(sent.error));

    await recordTemplateSent(this.db, key, sent.value, now);
    await attachTemplate(this.db, key, sent.value);
    return ok(sent.value);
  }
}

function listButtonLabel(locale: string): string {
  const language = locale.split(/[-_]/)[0]?.toLowerCase() ?? 'en';
  return LIST_BUTTON_LABELS[language] ?? LIST_BUTTON_LABELS.en ?? 'Choose';
}
