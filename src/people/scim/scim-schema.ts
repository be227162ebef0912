/**
 * The SCIM schemas Inflow serves (RFC 7643 §4 User and Group, §4.3 enterprise extension, and
 * Inflow's own learner extension), as data: /Schemas answers with them, and bodies, filters
 * and patches are checked against them. Attribute names are case-insensitive (RFC 7643 §2.1).
 */

export const SCHEMA = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterprise: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  inflow: 'urn:ietf:params:scim:schemas:extension:inflow:2.0:User',
  listResponse: 'urn:ietf:params:scim:api:messages:2.0:ListResponse',
  patchOp: 'urn:ietf:params:scim:api:messages:2.0:PatchOp',
  error: 'urn:ietf:params:scim:api:messages:2.0:Error',
  schema: 'urn:ietf:params:scim:schemas:core:2.0:Schema',
  resourceType: 'urn:ietf:params:scim:schemas:core:2.0:ResourceType',
  serviceProviderConfig: 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig',
} as const;

export type AttributeType =
  'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';

export interface AttributeDefinition {
  name: string;
  type: AttributeType;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  subAttributes?: AttributeDefinition[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface SchemaDefinition {
  id: string;
  name: string;
  description: string;
  attributes: AttributeDefinition[];
}

type Options = Partial<Omit<AttributeDefinition, 'name' | 'type' | 'description'>>;

function attribute(
  name: string,
  type: AttributeType,
  description: string,
  options: Options = {},
): AttributeDefinition {
  return {
    name,
    type,
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** The shape RFC 7643 gives emails, phoneNumbers, ims, photos, entitlements, roles... */
function multiValuedComplex(name: string, description: string, types: string[] = []) {
  return attribute(name, 'complex', description, {
    multiValued: true,
    subAttributes: [
      attribute('value', 'string', `The ${name} value.`),
      attribute('display', 'string', 'A human-readable name, for display only.'),
      attribute('type', 'string', 'A label for the function of the value.', {
        ...(types.length > 0 ? { canonicalValues: types } : {}),
      }),
      attribute('primary', 'boolean', 'Whether this is the preferred value.'),
    ],
  });
}

const USER_ATTRIBUTES: AttributeDefinition[] = [
  attribute('userName', 'string', 'Unique identifier of the user at the identity provider.', {
    required: true,
    uniqueness: 'server',
  }),
  attribute('name', 'complex', "The components of the user's name.", {
    subAttributes: [
      attribute('formatted', 'string', 'The full name, formatted for display.'),
      attribute('familyName', 'string', 'The family name.'),
      attribute('givenName', 'string', 'The given name.'),
      attribute('middleName', 'string', 'The middle name.'),
      attribute('honorificPrefix', 'string', 'Honorific prefix, e.g. "Ms.".'),
      attribute('honorificSuffix', 'string', 'Honorific suffix, e.g. "III".'),
    ],
  }),
  attribute('displayName', 'string', 'The name shown to people; used as the learner name.'),
  attribute('nickName', 'string', 'A casual name.'),
  attribute('profileUrl', 'reference', 'A URL of the user profile.', {
    referenceTypes: ['external'],
  }),
  attribute('title', 'string', 'Job title; cohort rules can use it as "role".'),
  attribute('userType', 'string', 'Relationship to the organization, e.g. "Employee".'),
  attribute('preferredLanguage', 'string', 'Preferred language (RFC 7231), e.g. "es-MX".'),
  attribute('locale', 'string', 'Locale for formatting, e.g. "en-US".'),
  attribute('timezone', 'string', 'IANA time zone; lessons go out at local send time.'),
  attribute('active', 'boolean', 'false deactivates the learner: no message is sent again.'),
  attribute('password', 'string', 'Accepted and discarded: Inflow stores no passwords.', {
    mutability: 'writeOnly',
    returned: 'never',
  }),
  multiValuedComplex('emails', 'Email addresses; the primary (or work) one is used.', [
    'work',
    'home',
    'other',
  ]),
  multiValuedComplex('phoneNumbers', 'Phone numbers; the mobile one reaches SMS/WhatsApp.', [
    'work',
    'home',
    'mobile',
    'fax',
    'pager',
    'other',
  ]),
  multiValuedComplex('ims', 'Instant messaging addresses.'),
  multiValuedComplex('photos', 'Photo URLs.'),
  attribute('addresses', 'complex', 'Physical addresses; the work locality is the location.', {
    multiValued: true,
    subAttributes: [
      attribute('formatted', 'string', 'The full address.'),
      attribute('streetAddress', 'string', 'Street address.'),
      attribute('locality', 'string', 'City or locality.'),
      attribute('region', 'string', 'State or region.'),
      attribute('postalCode', 'string', 'Postal code.'),
      attribute('country', 'string', 'Country (ISO 3166-1 alpha-2).'),
      attribute('type', 'string', 'work, home or other.'),
      attribute('primary', 'boolean', 'Whether this is the preferred address.'),
    ],
  }),
  attribute('groups', 'complex', 'The static cohorts the user belongs to.', {
    multiValued: true,
    mutability: 'readOnly',
    subAttributes: [
      attribute('value', 'string', 'Group id.', { mutability: 'readOnly' }),
      attribute('$ref', 'reference', 'Group URI.', { mutability: 'readOnly' }),
      attribute('display', 'string', 'Group name.', { mutability: 'readOnly' }),
      attribute('type', 'string', 'direct or indirect.', { mutability: 'readOnly' }),
    ],
  }),
  multiValuedComplex('entitlements', 'Entitlements; stored, not used.'),
  multiValuedComplex('roles', 'Roles; stored, not used.'),
  multiValuedComplex('x509Certificates', 'Certificates; stored, not used.'),
];

const ENTERPRISE_ATTRIBUTES: AttributeDefinition[] = [
  attribute('employeeNumber', 'string', 'HR employee id; CSV imports match people by it.', {
    uniqueness: 'server',
  }),
  attribute('costCenter', 'string', 'Cost center.'),
  attribute('organization', 'string', 'Organization name.'),
  attribute('division', 'string', 'Division.'),
  attribute('department', 'string', 'Department; cohort rules often use it.'),
  attribute('manager', 'complex', "The user's manager; their reports form cohorts.", {
    subAttributes: [
      attribute('value', 'string', 'The id of the manager user.'),
      attribute('$ref', 'reference', 'The URI of the manager user.', {
        referenceTypes: ['User'],
      }),
      attribute('displayName', 'string', "The manager's name.", { mutability: 'readOnly' }),
    ],
  }),
];

const INFLOW_ATTRIBUTES: AttributeDefinition[] = [
  attribute('hireDate', 'string', 'First working day, YYYY-MM-DD; onboarding waits for it.'),
  attribute('preferredChannel', 'string', 'Where lessons go by default.', {
    canonicalValues: ['sms', 'whatsapp', 'slack', 'teams', 'email', 'web', 'simulator'],
  }),
  attribute('slackUserId', 'string', 'Slack member id, e.g. U024BE7LH.', { caseExact: true }),
  attribute('teamsUserId', 'string', 'Microsoft Teams user id (AAD object id).', {
    caseExact: true,
  }),
];

const GROUP_ATTRIBUTES: AttributeDefinition[] = [
  attribute('displayName', 'string', 'The cohort name, unique in the organization.', {
    required: true,
    uniqueness: 'server',
  }),
  attribute('members', 'complex', 'The users in the cohort.', {
    multiValued: true,
    subAttributes: [
      attribute('value', 'string', 'The id of a user.', { mutability: 'immutable' }),
      attribute('$ref', 'reference', 'The URI of the user.', { mutability: 'immutable' }),
      attribute('display', 'string', 'The name of the user.', { mutability: 'readOnly' }),
      attribute('type', 'string', 'Always "User": groups do not nest.', {
        mutability: 'immutable',
      }),
    ],
  }),
];

/** id, externalId and meta, which every resource has (RFC 7643 §3.1). */
export const COMMON_ATTRIBUTES: AttributeDefinition[] = [
  attribute('id', 'string', 'Inflow id of the resource.', {
    caseExact: true,
    mutability: 'readOnly',
    returned: 'always',
    uniqueness: 'server',
  }),
  attribute('externalId', 'string', 'The id the identity provider gives it.', {
    caseExact: true,
  }),
  attribute('meta', 'complex', 'Resource metadata.', {
    mutability: 'readOnly',
    subAttributes: [
      attribute('resourceType', 'string', 'User or Group.', { mutability: 'readOnly' }),
      attribute('created', 'dateTime', 'When it was created.', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', 'When it last changed.', {
        mutability: 'readOnly',
      }),
      attribute('location', 'reference', 'Its URI.', { mutability: 'readOnly' }),
      attribute('version', 'string', 'Its version.', { mutability: 'readOnly' }),
    ],
  }),
];

export const SCHEMAS: readonly SchemaDefinition[] = [
  { id: SCHEMA.user, name: 'User', description: 'Learner', attributes: USER_ATTRIBUTES },
  {
    id: SCHEMA.enterprise,
    name: 'EnterpriseUser',
    description: 'Enterprise User',
    attributes: ENTERPRISE_ATTRIBUTES,
  },
  {
    id: SCHEMA.inflow,
    name: 'InflowLearner',
    description: 'What Inflow needs to deliver lessons',
    attributes: INFLOW_ATTRIBUTES,
  },
  { id: SCHEMA.group, name: 'Group', description: 'Cohort', attributes: GROUP_ATTRIBUTES },
];

export type ResourceKind = 'User' | 'Group';

/** The schemas a resource of each kind may carry: core first, then extensions. */
export const RESOURCE_SCHEMAS: Record<ResourceKind, { core: string; extensions: string[] }> = {
  User: { core: SCHEMA.user, extensions: [SCHEMA.enterprise, SCHEMA.inflow] },
  Group: { core: SCHEMA.group, extensions: [] },
};

export function schemaById(id: string): SchemaDefinition | undefined {
  return SCHEMAS.find((schema) => schema.id.toLowerCase() === id.toLowerCase());
}

/** Finds an attribute by name, ignoring case, among definitions. */
export function findAttribute(
  definitions: readonly AttributeDefinition[],
  name: string,
): AttributeDefinition | undefined {
  const wanted = name.toLowerCase();
  return definitions.find((definition) => definition.name.toLowerCase() === wanted);
}

/** Where an attribute lives in a resource: the top level, or inside an extension object. */
export interface ResolvedAttribute {
  /** The extension URN holding it, or undefined for core and common attributes. */
  extension?: string;
  definition: AttributeDefinition;
}

/**
 * Resolves the attribute part of a path for a resource kind: `userName`, or
 * `urn:...:enterprise:2.0:User:department`, or the core URN written out in full.
 */
export function resolveAttribute(
  kind: ResourceKind,
  uri: string | undefined,
  name: string,
): ResolvedAttribute | undefined {
  const { core, extensions } = RESOURCE_SCHEMAS[kind];
  const coreDefinitions = [...COMMON_ATTRIBUTES, ...(schemaById(core)?.attributes ?? [])];

  if (uri === undefined || uri.toLowerCase() === core.toLowerCase()) {
    const definition = findAttribute(coreDefinitions, name);
    return definition && { definition };
  }

  const extension = extensions.find((id) => id.toLowerCase() === uri.toLowerCase());
  const definition = extension && findAttribute(schemaById(extension)?.attributes ?? [], name);
  return extension && definition ? { extension, definition } : undefined;
}

/** The extension URN a key names, as a resource body writes it, in canonical case. */
export function extensionNamed(kind: ResourceKind, key: string): string | undefined {
  return RESOURCE_SCHEMAS[kind].extensions.find((id) => id.toLowerCase() === key.toLowerCase());
}
