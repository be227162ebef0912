/**
 * Twilio's message statuses as Inflow's delivery statuses. The in-flight ones (accepted,
 * scheduled, queued, sending) say nothing the delivery does not know once the API accepted
 * the message; "undelivered" and "failed" are both failures and keep Twilio's error code.
 * See https://www.twilio.com/docs/messaging/api/message-resource#message-status-values
 */
import type { DeliveryStatusUpdate } from '../channel.ts';

type MappedStatus = DeliveryStatusUpdate['status'] | 'in_flight';

const STATUSES: Record<string, MappedStatus> = {
  accepted: 'in_flight',
  scheduled: 'in_flight',
  queued: 'in_flight',
  sending: 'in_flight',
  sent: 'sent',
  delivered: 'delivered',
  read: 'read',
  undelivered: 'failed',
  failed: 'failed',
  canceled: 'failed',
};

/** Delivery error codes of status callbacks: https://www.twilio.com/docs/api/errors */
const ERROR_REASONS: Record<string, string> = {
  '21610': 'the recipient replied STOP to this sender',
  '30001': 'Twilio queue overflow',
  '30002': 'Twilio account suspended',
  '30003': 'the handset is unreachable (off or out of coverage)',
  '30004': 'the message was blocked',
  '30005': 'the number is unknown or no longer in service',
  '30006': 'a landline or an unreachable carrier',
  '30007': 'the carrier filtered the message',
  '30008': 'unknown error from the carrier',
  '30034': 'the sender is not registered for US A2P 10DLC',
};

export type MappedStatusCallback =
  | {
      kind: 'update';
      status: DeliveryStatusUpdate['status'];
      errorCode?: string;
      errorReason?: string;
      optedOut: boolean;
    }
  | { kind: 'in_flight' }
  | { kind: 'unknown'; status: string };

/**
 * @example mapTwilioStatus('undelivered', '30003')
 *   // { kind: 'update', status: 'failed', errorCode: '30003', errorReason: '...', ... }
 */
export function mapTwilioStatus(status: string, errorCode?: string): MappedStatusCallback {
  const mapped = STATUSES[status.toLowerCase()];
  if (mapped === undefined) return { kind: 'unknown', status };
  if (mapped === 'in_flight') return { kind: 'in_flight' };

  const code = errorCode && errorCode !== '0' ? errorCode : undefined;
  return {
    kind: 'update',
    status: mapped,
    ...(code
      ? { errorCode: code, errorReason: ERROR_REASONS[code] ?? `Twilio error ${code}` }
      : {}),
    optedOut: code === '21610',
  };
}
