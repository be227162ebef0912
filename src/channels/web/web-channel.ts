/**
 * The web channel: what is sent to a learner becomes a page in their web feed
 * (`/learn/<feed token>`, see lesson-link.ts), with answer forms that work without script.
 * Answers arrive through web-lesson-routes.ts, not through a provider webhook.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Clock } from '../../shared/clock.ts';
import { ok } from '../../shared/result.ts';
import {
  rejectWebhook,
  type Channel,
  type SendOutcome,
  type SendRequest,
  type WebhookResult,
} from '../channel.ts';
import { storeWebPage } from './web-page-repository.ts';

export const DEFAULT_WEB_PAGE_TTL_DAYS = 30;

export interface WebChannelOptions {
  organizationId: string;
  db: Kysely<Database>;
  clock: Clock;
  /** How long a page's answer form stays usable. */
  pageTtlDays?: number;
}

export class WebChannel implements Channel {
  readonly kind = 'web' as const;

  constructor(private readonly options: WebChannelOptions) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    const now = this.options.clock.now();
    const ttlDays = this.options.pageTtlDays ?? DEFAULT_WEB_PAGE_TTL_DAYS;
    const page = await storeWebPage(this.options.db, {
      organizationId: this.options.organizationId,
      channel: this.kind,
      address: request.to,
      idempotencyKey: request.idempotencyKey,
      message: request.message,
      question: request.question,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttlDays * 24 * 60 * 60 * 1000),
    });
    return ok({ providerMessageId: `web:${page.id}` });
  }

  async receiveWebhook(): Promise<WebhookResult> {
    return rejectWebhook(405, 'Answers on the web are posted to /learn/<token>, not to a webhook');
  }
}
