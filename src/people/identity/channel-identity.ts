/**
 * Where a learner can be reached: their phone number (SMS, WhatsApp) and their Slack and
 * Teams ids, each with the learner's consent on that channel, recorded with its time and its
 * source. The consent row holds the current state; the audit trail keeps every change.
 */
import type { Kysely } from 'kysely';
import type { Database, LearnerRow } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { recordAudit, type Actor } from '../audit/person-audit.ts';
import { CHANNEL_KINDS, type ChannelKind } from '../learner.ts';
import { loadPeopleSettings } from '../people-settings.ts';
import { countryOfZone } from '../places.ts';
import { readPhone } from '../roster-fields.ts';
import { findOtherPhoneHolder, givesNewPhone, phoneTakenReason } from './phone-holder.ts';

export type ConsentStatus = 'granted' | 'revoked';

export interface ChannelIdentity {
  channel: string;
  address: string | null;
  consent: { status: ConsentStatus; source: string; recordedAt: string } | null;
}

const PHONE_CHANNELS = ['sms', 'whatsapp'];

/** Why an address was not linked: it cannot be read, or another learner has it. */
export interface LinkRefusal {
  kind: 'invalid' | 'taken';
  reason: string;
}

/** Every channel of a learner with its address and consent, in CHANNEL_KINDS order. */
export async function listChannelIdentities(
  db: Kysely<Database>,
  learner: LearnerRow,
): Promise<ChannelIdentity[]> {
  const consents = await db
    .selectFrom('channelConsents')
    .selectAll()
    .where('learnerId', '=', learner.id)
    .execute();

  return CHANNEL_KINDS.filter((channel) => channel !== 'simulator').map((channel) => {
    const consent = consents.find((row) => row.channel === channel);
    return {
      channel,
      address: addressOf(learner, channel),
      consent: consent
        ? {
            status: consent.status,
            source: consent.source,
            recordedAt: consent.recordedAt.toISOString(),
          }
        : null,
    };
  });
}

function addressOf(learner: LearnerRow, channel: ChannelKind): string | null {
  if (PHONE_CHANNELS.includes(channel)) return learner.phone;
  if (channel === 'email') return learner.email;
  return learner.channelIds[channel] ?? null;
}

/**
 * Links (or, with null, unlinks) the learner's address on a channel. A phone is stored in
 * E.164 and serves SMS and WhatsApp both; a phone, a Slack or a Teams id belongs to one
 * learner only (see phone-holder.ts for who counts).
 */
export async function linkChannelIdentity(
  db: Kysely<Database>,
  learner: LearnerRow,
  channel: string,
  address: string | null,
  actor: Actor,
  now: Date,
): Promise<Result<LearnerRow, LinkRefusal>> {
  const invalid = (reason: string) => err<LinkRefusal>({ kind: 'invalid', reason });
  const taken = (reason: string) => err<LinkRefusal>({ kind: 'taken', reason });
  if (!isLinkable(channel)) {
    return invalid(`channel "${channel}" cannot be linked; use sms, whatsapp, slack, teams or web`);
  }

  let updated: LearnerRow;
  let from: string | null;
  let to: string | null;
  if (PHONE_CHANNELS.includes(channel)) {
    const phone = address === null ? ok(null) : await normalisePhone(db, learner, address);
    if (!phone.ok) return invalid(phone.error);
    if (phone.value !== null && givesNewPhone(learner, { ...learner, phone: phone.value })) {
      const holder = await findOtherPhoneHolder(
        db,
        learner.organizationId,
        phone.value,
        learner.id,
      );
      if (holder) return taken(phoneTakenReason(phone.value, holder));
    }
    from = learner.phone;
    to = phone.value;
    updated = await db
      .updateTable('learners')
      .set({ phone: to, updatedAt: now })
      .where('id', '=', learner.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  } else {
    const id = address?.trim() || null;
    if (id !== null) {
      const owner = await db
        .selectFrom('learners')
        .select('id')
        .where('organizationId', '=', learner.organizationId)
        .where('id', '!=', learner.id)
        .where((eb) => eb(eb.ref('channelIds', '->>').key(channel), '=', id))
        .executeTakeFirst();
      if (owner) return taken(`${channel} id ${id} already belongs to another learner`);
    }
    const channelIds = { ...learner.channelIds };
    if (id === null) delete channelIds[channel];
    else channelIds[channel] = id;
    from = learner.channelIds[channel] ?? null;
    to = id;
    updated = await db
      .updateTable('learners')
      .set({ channelIds: JSON.stringify(channelIds), updatedAt: now })
      .where('id', '=', learner.id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  await recordAudit(db, {
    organizationId: learner.organizationId,
    learnerId: learner.id,
    actor,
    action: 'channel_linked',
    changes: { [channel]: { from, to } },
    at: now,
  });
  return ok(updated);
}

/** Records the learner's consent on a channel, with where it came from ("learner reply"). */
export async function recordChannelConsent(
  db: Kysely<Database>,
  learner: LearnerRow,
  channel: string,
  status: ConsentStatus,
  source: string,
  actor: Actor,
  at: Date,
): Promise<Result<true, string>> {
  if (!(CHANNEL_KINDS as readonly string[]).includes(channel)) {
    return err(`channel "${channel}" is not one of ${CHANNEL_KINDS.join(', ')}`);
  }
  if (source.trim() === '') return err('say where the consent came from, e.g. "signed form"');

  const values = { status, source: source.trim(), recordedAt: at };
  await db
    .insertInto('channelConsents')
    .values({ learnerId: learner.id, channel, ...values })
    .onConflict((conflict) => conflict.columns(['learnerId', 'channel']).doUpdateSet(values))
    .execute();
  await recordAudit(db, {
    organizationId: learner.organizationId,
    learnerId: learner.id,
    actor,
    action: 'consent_recorded',
    changes: { channel, status, source: values.source },
    at,
  });
  return ok(true);
}

function isLinkable(channel: string): boolean {
  return ['sms', 'whatsapp', 'slack', 'teams', 'web'].includes(channel);
}

async function normalisePhone(db: Kysely<Database>, learner: LearnerRow, address: string) {
  const settings = await loadPeopleSettings(db, learner.organizationId);
  const country = settings.defaultCountry ?? countryOfZone(learner.timezone);
  return readPhone(address, country);
}
