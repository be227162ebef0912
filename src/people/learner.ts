/** A learner as the engines see them, independent of storage. */

/** Channels a learner can be reached on, as rosters and the API name them. */
export const CHANNEL_KINDS = ['simulator', 'sms', 'whatsapp', 'slack', 'teams', 'email', 'web'] as const;
/** 'terminal' is `inflow chat`'s own channel: a person at this machine, never on a roster. */
export type ChannelKind = (typeof CHANNEL_KINDS)[number] | 'terminal';

export const LEARNER_STATUSES = ['active', 'inactive', 'offboarded'] as const;
export type LearnerStatus = (typeof LEARNER_STATUSES)[number];

export interface LearnerProfile {
  id: string;
  organizationId: string;
  externalId: string | null;
  fullName: string;
  email: string;
  /** E.164, e.g. "+14155550100". */
  phone: string | null;
  /** IANA zone, e.g. "America/Chicago". */
  timezone: string;
  /** BCP 47, e.g. "en" or "es-MX". */
  locale: string;
  title: string | null;
  department: string | null;
  managerEmail: string | null;
  location: string | null;
  /** ISO date, "2024-03-18". */
  hireDate: string | null;
  status: LearnerStatus;
  preferredChannel: ChannelKind;
}
