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
}

export type DeliveryStatus = 'queued' | 'sent' | 'delivered' | 'read' | 'failed';

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
  kind: 'lesson' | 'question' | 'feedback' | 'system';
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
}

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
  outcome: string;
  receivedAt: Timestamp;
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
