import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/**
 * The database as Kysely sees it, in camelCase (the CamelCasePlugin maps to snake_case).
 * Keep in step with src/db/migrations.
 */
type LearnerStatus = 'active' | 'inactive' | 'offboarded';
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Timestamp = ColumnType<Date, Date | string, Date | string>;
type Json<T> = ColumnType<T, string, string>;
/** A column with a default: read as T, optional when inserting. */
type Optional<T> = ColumnType<T, T | undefined, T>;

export interface OrganizationsTable {
  id: Generated<string>;
  name: string;
  slug: string;
  settings: ColumnType<Record<string, unknown>, string | undefined, string>;
  createdAt: CreatedAt;
}

export interface BusinessUnitsTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  createdAt: CreatedAt;
}

export interface AdminUsersTable {
  id: Generated<string>;
  organizationId: string;
  businessUnitId: string | null;
  email: string;
  name: string;
  role: 'owner' | 'admin' | 'author' | 'analyst';
  createdAt: CreatedAt;
}

export interface LearnersTable {
  id: Generated<string>;
  organizationId: string;
  businessUnitId: string | null;
  externalId: string | null;
  fullName: string;
  email: string;
  phone: string | null;
  channelIds: ColumnType<Record<string, string>, string | undefined, string>;
  timezone: string;
  locale: string;
  title: string | null;
  department: string | null;
  managerEmail: string | null;
  location: string | null;
  hireDate: ColumnType<string | null, string | null, string | null>;
  status: ColumnType<LearnerStatus, LearnerStatus | undefined, LearnerStatus>;
  preferredChannel: string;
  createdAt: CreatedAt;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
  // Added by 0006-people; optional on insert so rosters and tests need not name them.
  userName: Optional<string | null>;
  scimExternalId: Optional<string | null>;
  division: Optional<string | null>;
  costCenter: Optional<string | null>;
  organizationName: Optional<string | null>;
  managerId: Optional<string | null>;
  managerEmployeeId: Optional<string | null>;
  customFields: ColumnType<Record<string, string>, string | undefined, string>;
  scimAttributes: ColumnType<Record<string, unknown>, string | undefined, string>;
  deactivatedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  erasedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

export interface ChannelConsentsTable {
  learnerId: string;
  channel: string;
  status: 'granted' | 'revoked';
  source: string;
  recordedAt: Timestamp;
}

export interface CohortsTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  kind: 'static' | 'rule';
  rule: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  createdAt: CreatedAt;
  // Added by 0006-people.
  scimExternalId: Optional<string | null>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CohortMembersTable {
  cohortId: string;
  learnerId: string;
  addedAt: CreatedAt;
}

export interface CoursesTable {
  id: Generated<string>;
  organizationId: string;
  title: string;
  createdAt: CreatedAt;
  // Added by 0005-authoring.
  kind: Optional<CourseKindColumn>;
}

export interface CourseVersionsTable {
  id: Generated<string>;
  courseId: string;
  version: number;
  title: string;
  description: string;
  language: string;
  sourceName: string;
  publishedAt: CreatedAt;
  // Added by 0005-authoring: what kind of course, whether a quality gate failed, the gates'
  // report and how the content was generated (offline or which model, tokens, cost).
  kind: Optional<CourseKindColumn>;
  reviewStatus: Optional<ReviewStatus>;
  qualityReport: ColumnType<unknown, string | null | undefined, never>;
  generation: ColumnType<unknown, string | null | undefined, never>;
}

export interface LessonsTable {
  id: Generated<string>;
  courseVersionId: string;
  key: string;
  position: number;
  title: string;
  body: string;
  mediaUrl: string | null;
  // Added by 0005-authoring.
  smsBody: Optional<string | null>;
  summary: Optional<string | null>;
}

export interface StoredOption {
  key: string;
  text: string;
  correct: boolean;
  feedback: string;
}

export interface QuestionsTable {
  id: Generated<string>;
  lessonId: string;
  key: string;
  position: number;
  kind: 'multiple_choice' | 'true_false' | 'reflection' | 'confidence' | AuthoringQuestionKind;
  prompt: string;
  options: Json<StoredOption[]>;
  explanation: string;
  sourceRef: string | null;
  // Added by 0005-authoring.
  evidence: Optional<string | null>;
}

export type EnrolmentStatus = 'active' | 'paused' | 'completed' | 'withdrawn';

export interface EnrolmentsTable {
  id: Generated<string>;
  organizationId: string;
  learnerId: string;
  courseVersionId: string;
  cohortId: string | null;
  status: ColumnType<EnrolmentStatus, EnrolmentStatus | undefined, EnrolmentStatus>;
  channel: string;
  sendTime: string;
  days: 'daily' | 'weekdays';
  nextLessonPosition: ColumnType<number, number | undefined, number>;
  lessonsCompleted: ColumnType<number, number | undefined, number>;
  nextSendAt: ColumnType<Date | null, Date | string | null, Date | string | null>;
  enrolledAt: Timestamp;
  completedAt: ColumnType<Date | null, Date | string | null, Date | string | null>;
  // Added by 0006-people: why an enrolment is paused, and the rule that made it, if any.
  pausedReason: Optional<string | null>;
  autoEnrolmentRuleId: Optional<string | null>;
  // Added by 0004-delivery: a cadence richer than `days` (null: `days` decides), the send
  // window, a start date, a snooze, and how many lessons went out.
  cadence: ColumnType<StoredCadence | null, string | null | undefined, string | null>;
  windowMinutes: Optional<number | null>;
  startsOn: Optional<string | null>;
  snoozedUntil: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lessonsSent: Optional<number>;
  /** The learner asked for the next lesson now (NEXT): no daily cap or window holds it. */
  nextOnRequest: Optional<boolean>;
}

export type DeliveryStatus =
  | 'queued'
  | 'sent'
  | 'delivered'
  | 'read'
  | 'failed'
  // Added by 0004-delivery: claimed for a provider call, given up after retries, not needed.
  | 'sending'
  | 'dead'
  | 'cancelled';

export interface StatusChange {
  status: DeliveryStatus;
  at: string;
  errorCode?: string;
}

export interface DeliveriesTable {
  id: Generated<string>;
  organizationId: string;
  learnerId: string;
  enrolmentId: string | null;
  lessonId: string | null;
  questionId: string | null;
  kind: DeliveryKind;
  channel: string;
  idempotencyKey: string;
  providerMessageId: string | null;
  status: ColumnType<DeliveryStatus, DeliveryStatus | undefined, DeliveryStatus>;
  statusHistory: ColumnType<StatusChange[], string | undefined, string>;
  errorCode: string | null;
  errorReason: string | null;
  scheduledFor: Timestamp;
  sentAt: ColumnType<Date | null, Date | string | null, Date | string | null>;
  createdAt: CreatedAt;
  // Added by 0004-delivery: attempts, when the next one may run, the lease of the attempt in
  // flight, the channel first chosen when a fallback was used, and the prompt a message asks.
  attempts: Optional<number>;
  nextAttemptAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  leaseUntil: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lastAttemptAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  preferredChannel: Optional<string | null>;
  promptId: Optional<string | null>;
  /** Messages fixed when queued (replies, notices); null when rendered at send time. */
  messages: ColumnType<StoredMessage[] | null, string | null | undefined, string | null>;
  onRequest: Optional<boolean>;
}

/** An outbound message as kept on a delivery; the shape of OutboundMessage. */
export interface StoredMessage {
  text: string;
  buttons?: { label: string; payload: string }[];
  mediaUrl?: string;
}

export type DeliveryKind = 'lesson' | 'question' | 'feedback' | 'system' | 'reminder' | 'review';

export interface PromptsTable {
  id: Generated<string>;
  organizationId: string;
  learnerId: string;
  enrolmentId: string;
  questionId: string;
  channel: string;
  tag: number;
  status: ColumnType<'open' | 'answered' | 'closed', 'open' | undefined, 'answered' | 'closed'>;
  duplicateNoticeSent: ColumnType<boolean, boolean | undefined, boolean>;
  sentAt: Timestamp;
  /** Added by 0004-delivery: 0 for the lesson's own question, 1, 2... for its reviews. */
  round: Optional<number>;
}

export interface ResponsesTable {
  id: Generated<string>;
  organizationId: string;
  promptId: string;
  learnerId: string;
  enrolmentId: string;
  questionId: string;
  answer: string;
  optionKey: string | null;
  correct: boolean | null;
  rating: number | null;
  latencyMs: ColumnType<string, number, never>;
  receivedAt: Timestamp;
}

export interface InboundMessagesTable {
  id: Generated<string>;
  organizationId: string | null;
  channel: string;
  providerMessageId: string;
  learnerId: string | null;
  /** 'received' while a worker handles it (see 0010-inbound-claims), then the engine's. */
  outcome: string;
  receivedAt: Timestamp;
  /** When the handling worker claimed it; null on rows from before 0010-inbound-claims. */
  claimedAt: Optional<Date | null>;
}

export interface LearningEventsTable {
  id: Generated<string>;
  organizationId: string;
  learnerId: string | null;
  enrolmentId: string | null;
  type: string;
  payload: Json<Record<string, unknown>>;
  occurredAt: Timestamp;
}

/**
 * One rate limit shared by every worker (0011-rate-limits): when its next send is due at the
 * steady rate, in milliseconds since the epoch.
 */
export interface RateLimitCellsTable {
  key: string;
  theoreticalArrivalMs: number;
  updatedAt: Timestamp;
}

export interface Database {
  organizations: OrganizationsTable;
  businessUnits: BusinessUnitsTable;
  adminUsers: AdminUsersTable;
  learners: LearnersTable;
  channelConsents: ChannelConsentsTable;
  cohorts: CohortsTable;
  cohortMembers: CohortMembersTable;
  courses: CoursesTable;
  courseVersions: CourseVersionsTable;
  lessons: LessonsTable;
  questions: QuestionsTable;
  enrolments: EnrolmentsTable;
  deliveries: DeliveriesTable;
  prompts: PromptsTable;
  responses: ResponsesTable;
  inboundMessages: InboundMessagesTable;
  learningEvents: LearningEventsTable;
  scimTokens: ScimTokensTable;
  peopleSettings: PeopleSettingsTable;
  autoEnrolmentRules: AutoEnrolmentRulesTable;
  personAuditEvents: PersonAuditEventsTable;
  authoringUploads: AuthoringUploadsTable;
  courseDrafts: CourseDraftsTable;
  channelCredentials: ChannelCredentialsTable;
  channelWebhookClaims: ChannelWebhookClaimsTable;
  channelSentParts: ChannelSentPartsTable;
  deliveryAttempts: DeliveryAttemptsTable;
  deliverySettings: DeliverySettingsTable;
  organizationHolidays: OrganizationHolidaysTable;
  reviewCards: ReviewCardsTable;
  reviewLogs: ReviewLogsTable;
  learnerSendProfiles: LearnerSendProfilesTable;
  courseDeliveryOptions: CourseDeliveryOptionsTable;
  lessonVariants: LessonVariantsTable;
  knownLessons: KnownLessonsTable;
  messageTemplates: MessageTemplatesTable;
  whatsappConversations: WhatsappConversationsTable;
  whatsappMessages: WhatsappMessagesTable;
  teamsConversationReferences: TeamsConversationReferencesTable;
  webPages: WebPagesTable;
  rateLimitCells: RateLimitCellsTable;
}

/** Question kinds added by 0005-authoring. */
type AuthoringQuestionKind = 'cloze' | 'acknowledgement' | 'rating';
type CourseKindColumn = 'training' | 'survey' | 'communication';
type ReviewStatus = 'ready' | 'needs_review';

/** A source document that parsed, with its parsed form (0005-authoring). */
export interface AuthoringUploadsTable {
  id: Generated<string>;
  organizationId: string;
  fileName: string;
  format: string;
  byteSize: number;
  sha256: string;
  content: ColumnType<Uint8Array, Uint8Array, never>;
  document: Json<unknown>;
  warnings: Json<unknown>;
  createdAt: CreatedAt;
}

/** A generated or imported course not yet published (0005-authoring). */
export interface CourseDraftsTable {
  id: Generated<string>;
  organizationId: string;
  courseId: string | null;
  title: string;
  kind: CourseKindColumn;
  reviewStatus: ReviewStatus;
  draft: Json<unknown>;
  qualityReport: Json<unknown>;
  generation: Json<unknown>;
  warnings: Json<unknown>;
  createdAt: CreatedAt;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** One organization's SCIM bearer token, stored as a SHA-256 hash only (0006-people). */
export interface ScimTokensTable {
  organizationId: string;
  tokenHash: string;
  createdAt: Timestamp;
  lastUsedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
}

/** Defaults and the saved CSV column mapping of an organization's people (0006-people). */
export interface PeopleSettingsTable {
  organizationId: string;
  defaultTimezone: string | null;
  defaultCountry: string | null;
  defaultChannel: string | null;
  csvMapping: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  updatedAt: Timestamp;
}

/** Enrols whoever enters a cohort in a course version (0006-people). */
export interface AutoEnrolmentRulesTable {
  id: Generated<string>;
  organizationId: string;
  name: string;
  cohortId: string;
  courseVersionId: string;
  channel: string | null;
  sendTime: string;
  days: 'daily' | 'weekdays';
  withdrawOnExit: ColumnType<boolean, boolean | undefined, boolean>;
  active: ColumnType<boolean, boolean | undefined, boolean>;
  createdAt: Timestamp;
}

/** Who changed what about a person, and when (0006-people). */
export interface PersonAuditEventsTable {
  id: Generated<string>;
  organizationId: string;
  learnerId: string | null;
  actor: string;
  action: string;
  changes: Json<Record<string, unknown>>;
  occurredAt: Timestamp;
}

export type LearnerRow = Selectable<LearnersTable>;
export type NewLearner = Insertable<LearnersTable>;
export type EnrolmentRow = Selectable<EnrolmentsTable>;
export type LessonRow = Selectable<LessonsTable>;
export type QuestionRow = Selectable<QuestionsTable>;

/** A cadence as stored on an enrolment (0004-delivery); src/delivery/schedule/cadence.ts. */
export type StoredCadence =
  | { kind: 'days'; days: 'daily' | 'weekdays' | number[] }
  | { kind: 'rrule'; rule: string }
  | { kind: 'onboarding'; dayNumbers: number[] };

/** One attempt to hand a delivery to its provider (0004-delivery). */
export interface DeliveryAttemptsTable {
  id: Generated<string>;
  deliveryId: string;
  organizationId: string;
  channel: string;
  attempt: number;
  outcome: 'sent' | 'retry' | 'failed' | 'dead' | 'held' | 'interrupted';
  errorCode: string | null;
  errorReason: string | null;
  retryAfterSeconds: number | null;
  startedAt: Timestamp;
  finishedAt: Timestamp;
}

/** An organization's send rules (0004-delivery); defaults in src/delivery/delivery-settings.ts. */
export interface DeliverySettingsTable {
  organizationId: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
  sendWindowMinutes: Optional<number>;
  maxSendsPerMinute: Optional<number | null>;
  reminderCount: Optional<number>;
  reminderIntervalHours: Optional<number>;
  dailyReviewCap: Optional<number>;
  maxLessonsPerDay: Optional<number>;
  fallbackChannels: ColumnType<string[], string | undefined, string>;
  sendTimeOptimization: Optional<boolean>;
  updatedAt: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface OrganizationHolidaysTable {
  organizationId: string;
  day: string;
  name: string;
}

/** A question as an FSRS card for one learner's enrolment (0004-delivery). */
export interface ReviewCardsTable {
  id: Generated<string>;
  organizationId: string;
  learnerId: string;
  enrolmentId: string;
  questionId: string;
  due: Timestamp;
  stability: number;
  difficulty: number;
  elapsedDays: number;
  scheduledDays: number;
  learningSteps: number;
  reps: number;
  lapses: number;
  state: number;
  lastReview: ColumnType<Date | null, Date | string | null, Date | string | null>;
  updatedAt: Timestamp;
}

/** One graded answer applied to a card, with the recall FSRS predicted for it. */
export interface ReviewLogsTable {
  id: Generated<string>;
  cardId: string;
  responseId: string | null;
  organizationId: string;
  learnerId: string;
  phase: 'lesson' | 'review' | 'retention';
  rating: number;
  stateBefore: number;
  predictedRecall: number | null;
  recalled: boolean;
  reviewedAt: Timestamp;
  dueAfter: Timestamp;
}

/** The local send time learned from a learner's reply delays (0004-delivery). */
export interface LearnerSendProfilesTable {
  learnerId: string;
  localTime: string;
  samples: number;
  updatedAt: Timestamp;
}

export interface CourseDeliveryOptionsTable {
  courseVersionId: string;
  waitForAnswer: Optional<boolean>;
  preAssessment: Optional<boolean>;
}

/** A lesson's text for learners of one role (job title), sent instead of the default. */
export interface LessonVariantsTable {
  lessonId: string;
  role: string;
  title: string;
  body: string;
}

/** A lesson a learner showed they know in the pre-assessment: it is skipped. */
export interface KnownLessonsTable {
  enrolmentId: string;
  lessonId: string;
  source: string;
  recordedAt: Timestamp;
}

export type DeliveryRow = Selectable<DeliveriesTable>;
export type DeliverySettingsRow = Selectable<DeliverySettingsTable>;
export type ReviewCardRow = Selectable<ReviewCardsTable>;

/** A provider's credentials for one organization; secrets only as ciphertext (0003-channels). */
export interface ChannelCredentialsTable {
  organizationId: string;
  channel: string;
  settings: ColumnType<Record<string, unknown>, string, string>;
  secretsCiphertext: string;
  keyId: string;
  revision: ColumnType<number, number | undefined, number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  lastCheckedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lastCheckOk: ColumnType<boolean | null, boolean | null | undefined, boolean | null>;
  lastCheckMessage: ColumnType<string | null, string | null | undefined, string | null>;
}

/** A provider event seen once: its key is claimed by the first delivery of the webhook. */
export interface ChannelWebhookClaimsTable {
  channel: string;
  eventKey: string;
  organizationId: string;
  claimedAt: Timestamp;
}

/** One provider message sent for a part of an outbound message, by idempotency key. */
export interface ChannelSentPartsTable {
  organizationId: string;
  channel: string;
  idempotencyKey: string;
  part: number;
  providerMessageId: string;
  sentAt: Timestamp;
}

/** An approved message template an organization registered (0008-messaging). */
export interface MessageTemplatesTable {
  id: Generated<string>;
  organizationId: string;
  channel: ColumnType<string, string | undefined, string>;
  name: string;
  language: string;
  purpose: 're_engagement' | 'other';
  category: 'utility' | 'marketing' | 'authentication';
  bodyParameters: Json<unknown[]>;
  quickReplyButtons: ColumnType<number, number | undefined, number>;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A learner's WhatsApp service window and last re-engagement template (0008-messaging). */
export interface WhatsappConversationsTable {
  organizationId: string;
  businessNumberId: string;
  waId: string;
  lastInboundAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lastTemplateAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  lastTemplateMessageId: Optional<string | null>;
}

export type WhatsappMessageStatus = 'held' | 'releasing' | 'sent' | 'failed' | 'cancelled';

/** A message the WhatsApp adapter sent or holds until the window opens (0008-messaging). */
export interface WhatsappMessagesTable {
  id: Generated<string>;
  organizationId: string;
  businessNumberId: string;
  waId: string;
  idempotencyKey: string;
  message: Json<unknown>;
  reportedMessageId: string;
  status: WhatsappMessageStatus;
  wamid: Optional<string | null>;
  templateMessageId: Optional<string | null>;
  createdAt: Timestamp;
  claimedAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  sentAt: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  errorCode: Optional<string | null>;
  errorReason: Optional<string | null>;
}

/** Where a Teams bot can reach a conversation proactively (0009-teams-email-web). */
export interface TeamsConversationReferencesTable {
  organizationId: string;
  conversationId: string;
  conversationType: string;
  userId: string | null;
  userAadObjectId: string | null;
  tenantId: string | null;
  serviceUrl: string;
  reference: Json<Record<string, unknown>>;
  installed: ColumnType<boolean, boolean | undefined, boolean>;
  updatedAt: Timestamp;
}

/** A message shown as a web page behind a signed link (0009-teams-email-web). */
export interface WebPagesTable {
  id: Generated<string>;
  seq: ColumnType<string, never, never>;
  organizationId: string;
  channel: string;
  address: string;
  idempotencyKey: string;
  message: Json<Record<string, unknown>>;
  question: ColumnType<Record<string, unknown> | null, string | null, string | null>;
  createdAt: Timestamp;
  expiresAt: Timestamp;
}
