import { ok } from '../../shared/result.ts';
import {
  rejectWebhook,
  type Channel,
  type InboundMessage,
  type SendOutcome,
  type SendRequest,
  type WebhookResult,
} from '../channel.ts';

/**
 * The channel of `inflow chat`: messages are printed to a terminal and what the person types
 * comes back as a reply, through the same engine every other channel uses.
 */
export class TerminalChannel implements Channel {
  readonly kind = 'terminal' as const;
  private sequence = 0;

  constructor(private readonly print: (text: string) => void) {}

  async send(request: SendRequest): Promise<SendOutcome> {
    const buttons = request.message.buttons?.map((button) => `[${button.label}]`).join(' ');
    this.print(buttons ? `${request.message.text}\n${buttons}` : request.message.text);
    this.sequence += 1;
    return ok({ providerMessageId: `terminal-out-${this.sequence}` });
  }

  /** What the person typed, as an inbound message from `address`. */
  typed(address: string, text: string, at: Date): InboundMessage {
    this.sequence += 1;
    return {
      channel: 'terminal',
      sender: address,
      text,
      providerMessageId: `terminal-in-${this.sequence}`,
      receivedAt: at,
    };
  }

  async receiveWebhook(): Promise<WebhookResult> {
    return rejectWebhook(405, 'the terminal channel takes no webhooks');
  }
}
