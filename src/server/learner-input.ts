/**
 * A single learner sent as JSON is checked by the same readers as a roster row, so a person
 * created through the API is stored exactly as the same person imported from a CSV would be.
 */
import { z } from '@hono/zod-openapi';
import type { LearnerRow } from '../db/schema.ts';
import { CHANNEL_KINDS } from '../people/learner.ts';
import type { LearnerInput } from '../people/learner-repository.ts';
import {
  readCountry,
  readEmail,
  readHireDate,
  readLocale,
  readPhone,
  readTimezone,
} from '../people/roster-fields.ts';
import { DEFAULT_CHANNEL, DEFAULT_LOCALE } from '../people/roster-row.ts';
import { err, ok, type Result } from '../shared/result.ts';
import type { FieldIssue } from './api-error.ts';

/** Every status a learner can have, as the database allows them. */
export const LEARNER_STATUSES = [
  'active',
  'inactive',
  'offboarded',
] as const satisfies readonly LearnerRow['status'][];

const optionalText = (max: number) => z.string().trim().min(1).max(max).nullish();

export const NewLearnerSchema = z
  .object({
    fullName: z.string().trim().min(1).max(200).openapi({ example: 'Ana López' }),
    email: z.string().trim().min(1).max(320).openapi({ example: 'ana.lopez@example.com' }),
    phone: optionalText(40).openapi({ example: '+1 415 555 0100' }),
    country: z.string().trim().length(2).optional()
      .openapi({ description: 'ISO country used to read a phone written without "+"' }),
    timezone: z.string().trim().min(1).max(64).openapi({ example: 'America/Chicago' }),
    locale: optionalText(35).openapi({ example: 'es-MX' }),
    title: optionalText(200),
    department: optionalText(200),
    location: optionalText(200),
    managerEmail: optionalText(320),
    hireDate: optionalText(10).openapi({ example: '2025-03-18' }),
    preferredChannel: z.enum(CHANNEL_KINDS).optional(),
    externalId: optionalText(100).openapi({ description: 'Employee id in the HR system' }),
  })
  .openapi('NewLearner');

export type NewLearnerBody = z.infer<typeof NewLearnerSchema>;

export const LearnerSchema = z
  .object({
    id: z.uuid(),
    externalId: z.string().nullable(),
    fullName: z.string(),
    email: z.string(),
    phone: z.string().nullable(),
    timezone: z.string(),
    locale: z.string(),
    title: z.string().nullable(),
    department: z.string().nullable(),
    location: z.string().nullable(),
    managerEmail: z.string().nullable(),
    hireDate: z.string().nullable(),
    status: z.enum(LEARNER_STATUSES),
    preferredChannel: z.string(),
    createdAt: z.iso.datetime(),
    updatedAt: z.iso.datetime(),
  })
  .openapi('Learner');

/** Normalises every field (E.164 phone, IANA zone, lowercase email) or lists each problem. */
export function readLearnerInput(body: NewLearnerBody): Result<LearnerInput, FieldIssue[]> {
  const issues: FieldIssue[] = [];
  const read = <T>(field: string, result: Result<T, string>): T | null => {
    if (result.ok) return result.value;
    issues.push({ path: `body.${field}`, message: result.error });
    return null;
  };

  const email = read('email', readEmail(body.email));
  const timezone = read('timezone', readTimezone(body.timezone));
  const country = body.country ? read('country', readCountry(body.country)) : null;
  const phone = body.phone ? read('phone', readPhone(body.phone, country ?? undefined)) : null;
  const locale = body.locale ? read('locale', readLocale(body.locale)) : DEFAULT_LOCALE;
  const managerEmail = body.managerEmail
    ? read('managerEmail', readEmail(body.managerEmail))
    : null;
  const hireDate = body.hireDate ? read('hireDate', readHireDate(body.hireDate)) : null;

  if (issues.length > 0 || email === null || timezone === null) return err(issues);
  return ok({
    externalId: body.externalId ?? null,
    fullName: body.fullName,
    email,
    phone,
    timezone,
    locale: locale ?? DEFAULT_LOCALE,
    title: body.title ?? null,
    department: body.department ?? null,
    managerEmail,
    location: body.location ?? null,
    hireDate,
    preferredChannel: body.preferredChannel ?? DEFAULT_CHANNEL,
  });
}

export function toLearnerView(learner: LearnerRow): z.infer<typeof LearnerSchema> {
  return {
    id: learner.id,
    externalId: learner.externalId,
    fullName: learner.fullName,
    email: learner.email,
    phone: learner.phone,
    timezone: learner.timezone,
    locale: learner.locale,
    title: learner.title,
    department: learner.department,
    location: learner.location,
    managerEmail: learner.managerEmail,
    hireDate: learner.hireDate,
    status: learner.status,
    preferredChannel: learner.preferredChannel,
    createdAt: learner.createdAt.toISOString(),
    updatedAt: learner.updatedAt.toISOString(),
  };
}
