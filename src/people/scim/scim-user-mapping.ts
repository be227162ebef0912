/**
 * Learner ⇄ SCIM User. Values are given back as the identity provider sent them (Entra ID
 * asks that "55555555555" is not returned as "+5 (555) ..."), while the learner gets the
 * normalised forms delivery needs: one lower-case email, an E.164 phone, an IANA zone.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { LearnerRow } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import type { LearnerStatus } from '../learner.ts';
import type { PersonFields } from '../person-writer.ts';
import { countryOfZone } from '../places.ts';
import {
  readChannel,
  readEmail,
  readHireDate,
  readLocale,
  readPhone,
  readTimezone,
} from '../roster-fields.ts';
import { badRequest, type ScimError } from './scim-errors.ts';
import { isRecord } from './scim-filter-match.ts';
import type { ScimResource } from './scim-resource-body.ts';
import { SCHEMA } from './scim-schema.ts';

/** Core attributes kept as sent, besides those the learner row holds. */
const STORED_AS_SENT = [
  'name',
  'nickName',
  'profileUrl',
  'userType',
  'preferredLanguage',
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
] as const;

export interface UserLinks {
  /** The SCIM base URL, e.g. https://inflow.example/scim/v2/acme. */
  baseUrl: string;
  groups: { id: string; name: string }[];
  manager?: { id: string; fullName: string };
}

export function learnerToScimUser(learner: LearnerRow, links: UserLinks): ScimResource {
  const stored = learner.scimAttributes;
  const enterprise = compact({
    employeeNumber: learner.externalId,
    department: learner.department,
    division: learner.division,
    costCenter: learner.costCenter,
    organization: learner.organizationName,
    manager: links.manager && {
      value: links.manager.id,
      $ref: `${links.baseUrl}/Users/${links.manager.id}`,
      displayName: links.manager.fullName,
    },
  });
  const inflow = compact({
    hireDate: learner.hireDate,
    preferredChannel: learner.preferredChannel,
    slackUserId: learner.channelIds.slack,
    teamsUserId: learner.channelIds.teams,
  });

  const storedAttributes = Object.fromEntries(
    STORED_AS_SENT.flatMap((name) => (stored[name] === undefined ? [] : [[name, stored[name]]])),
  );
  return compact({
    schemas: [SCHEMA.user, SCHEMA.enterprise, SCHEMA.inflow],
    id: learner.id,
    externalId: learner.scimExternalId,
    userName: learner.userName ?? learner.email,
    ...storedAttributes,
    name: stored.name ?? { formatted: learner.fullName },
    displayName: learner.fullName,
    title: learner.title,
    locale: learner.locale,
    timezone: learner.timezone,
    active: learner.status === 'active',
    emails: withCurrentEmail(stored.emails, learner.email),
    phoneNumbers:
      stored.phoneNumbers ?? (learner.phone ? [{ value: learner.phone, type: 'mobile' }] : null),
    addresses:
      stored.addresses ??
      (learner.location ? [{ type: 'work', locality: learner.location }] : null),
    groups: links.groups.map((group) => ({
      value: group.id,
      $ref: `${links.baseUrl}/Groups/${group.id}`,
      display: group.name,
      type: 'direct',
    })),
    [SCHEMA.enterprise]: enterprise,
    [SCHEMA.inflow]: inflow,
    meta: {
      resourceType: 'User',
      created: learner.createdAt.toISOString(),
      lastModified: learner.updatedAt.toISOString(),
      location: `${links.baseUrl}/Users/${learner.id}`,
    },
  });
}

/** The stored emails, unless another source changed the learner's address since. */
function withCurrentEmail(stored: unknown, email: string): unknown[] {
  const emails = Array.isArray(stored) ? stored.filter(isRecord) : [];
  const chosen = chooseElement(emails, ['work']);
  if (chosen !== undefined && String(chosen.value).toLowerCase() === email) return emails;
  return [{ value: email, type: 'work', primary: true }];
}

export interface ScimPerson {
  fields: PersonFields & { fullName: string; email: string; timezone: string };
  /** Undefined when the body says nothing: a PUT without "active" keeps the status. */
  status?: LearnerStatus;
  /**
   * The manager's user id, checked by the caller; null clears it; undefined (no enterprise
   * extension in the body) leaves it alone.
   */
  managerId?: string | null;
}

export interface ScimDefaults {
  defaultTimezone: string | null;
  defaultCountry: CountryCode | null;
  defaultChannel: string | null;
}

/**
 * Reads a canonical User resource into learner fields, or the SCIM error a person fixing the
 * identity provider's attribute mapping needs.
 */
export function scimUserToPerson(
  resource: ScimResource,
  defaults: ScimDefaults,
  existing?: LearnerRow,
  mode: 'replace' | 'patched' = 'replace',
): Result<ScimPerson, ScimError> {
  const invalid = (detail: string) => err(badRequest('invalidValue', detail));
  const userName = typeof resource.userName === 'string' ? resource.userName.trim() : '';
  if (userName === '') return invalid('userName is required and cannot be empty');

  const email = chooseEmail(resource, userName);
  if (!email.ok) return invalid(email.error);

  const zone = readOptional(resource.timezone, readTimezone);
  if (!zone.ok) return invalid(`timezone: ${zone.error}`);
  const timezone = zone.value ?? existing?.timezone ?? defaults.defaultTimezone ?? 'UTC';

  const languageTag = resource.preferredLanguage ?? resource.locale;
  const locale = readOptional(languageTag, readLocale);
  if (!locale.ok) return invalid(`preferredLanguage/locale: ${locale.error}`);

  const enterprise = recordAt(resource, SCHEMA.enterprise);
  const inflow = recordAt(resource, SCHEMA.inflow);
  const hireDate = readOptional(inflow.hireDate, readHireDate);
  if (!hireDate.ok) return invalid(`${SCHEMA.inflow}:hireDate: ${hireDate.error}`);
  const channel = readOptional(inflow.preferredChannel, readChannel);
  if (!channel.ok) return invalid(`${SCHEMA.inflow}:preferredChannel: ${channel.error}`);

  const channelIds = { ...existing?.channelIds };
  setOrDelete(channelIds, 'slack', inflow.slackUserId);
  setOrDelete(channelIds, 'teams', inflow.teamsUserId);
  const manager = isRecord(enterprise.manager) ? enterprise.manager.value : undefined;

  // A PUT without an extension says nothing about its attributes: an Okta PUT that does not
  // map them must not clear a hire date or department another source gave. A patched
  // resource is complete, so an extension missing from it was emptied.
  const complete = existing === undefined || mode === 'patched';
  const hasEnterprise = complete || SCHEMA.enterprise in resource;
  const hasInflow = complete || SCHEMA.inflow in resource;
  return ok({
    fields: {
      userName,
      scimExternalId: text(resource.externalId),
      fullName: fullNameOf(resource, userName),
      email: email.value,
      phone: phoneOf(resource, defaults.defaultCountry ?? countryOfZone(timezone)),
      timezone,
      locale: locale.value ?? existing?.locale ?? 'en',
      title: text(resource.title),
      location: locationOf(resource),
      scimAttributes: storedAttributes(resource),
      ...(hasEnterprise
        ? {
            externalId: text(enterprise.employeeNumber),
            department: text(enterprise.department),
            division: text(enterprise.division),
            costCenter: text(enterprise.costCenter),
            organizationName: text(enterprise.organization),
            managerEmployeeId: null,
          }
        : {}),
      ...(hasInflow
        ? {
            hireDate: hireDate.value,
            preferredChannel:
              channel.value ?? existing?.preferredChannel ?? defaults.defaultChannel ?? 'simulator',
            channelIds,
          }
        : {}),
    },
    ...(resource.active === undefined ? {} : { status: resource.active ? 'active' : 'inactive' }),
    ...(hasEnterprise
      ? { managerId: typeof manager === 'string' && manager !== '' ? manager : null }
      : {}),
  });
}

function chooseEmail(resource: ScimResource, userName: string): Result<string, string> {
  const emails = Array.isArray(resource.emails) ? resource.emails.filter(isRecord) : [];
  const chosen = chooseElement(emails, ['work']);
  if (chosen !== undefined && typeof chosen.value === 'string') {
    const email = readEmail(chosen.value);
    return email.ok ? email : err(`emails: ${email.error}`);
  }
  const fromUserName = readEmail(userName);
  if (fromUserName.ok) return fromUserName;
  return err(
    'a learner needs an email address: send emails[type eq "work"].value, ' +
      'or a userName that is an email address',
  );
}

/** The primary element, else the first of a preferred type, else the first. */
function chooseElement(
  elements: Record<string, unknown>[],
  types: readonly string[],
): Record<string, unknown> | undefined {
  return (
    elements.find((element) => element.primary === true) ??
    types.map((type) => elements.find((element) => element.type === type)).find(Boolean) ??
    elements[0]
  );
}

function fullNameOf(resource: ScimResource, userName: string): string {
  const name = isRecord(resource.name) ? resource.name : {};
  const parts = [name.givenName, name.familyName].filter((part) => typeof part === 'string');
  return (
    text(resource.displayName) ?? text(name.formatted) ?? (parts.join(' ') || null) ?? userName
  );
}

/** Limitation: a number that cannot be read is kept as sent but is not used for SMS. */
function phoneOf(resource: ScimResource, country: CountryCode | undefined): string | null {
  const phones = Array.isArray(resource.phoneNumbers) ? resource.phoneNumbers.filter(isRecord) : [];
  const mobile = phones.find((phone) => phone.type === 'mobile') ?? chooseElement(phones, []);
  if (mobile === undefined || typeof mobile.value !== 'string') return null;
  const phone = readPhone(mobile.value, country);
  return phone.ok ? phone.value : null;
}

function locationOf(resource: ScimResource): string | null {
  const addresses = Array.isArray(resource.addresses) ? resource.addresses.filter(isRecord) : [];
  const work = chooseElement(addresses, ['work']);
  return work === undefined ? null : (text(work.locality) ?? text(work.formatted));
}

function storedAttributes(resource: ScimResource): Record<string, unknown> {
  return Object.fromEntries(
    STORED_AS_SENT.flatMap((name) =>
      resource[name] === undefined ? [] : [[name, resource[name]]],
    ),
  );
}

function readOptional<T>(
  value: unknown,
  reader: (text: string) => Result<T, string>,
): Result<T | null, string> {
  if (typeof value !== 'string' || value.trim() === '') return ok(null);
  return reader(value);
}

function setOrDelete(target: Record<string, string>, key: string, value: unknown): void {
  if (typeof value === 'string' && value.trim() !== '') target[key] = value.trim();
  else delete target[key];
}

function recordAt(resource: ScimResource, key: string): Record<string, unknown> {
  const value = resource[key];
  return isRecord(value) ? value : {};
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Drops null, undefined and empty objects, which SCIM responses leave out. */
function compact(values: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(values).filter(
      ([, value]) =>
        value !== null &&
        value !== undefined &&
        !(isRecord(value) && Object.keys(value).length === 0),
    ),
  );
}
