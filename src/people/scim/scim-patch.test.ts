import { describe, expect, it } from 'vitest';
import { applyPatch, readPatchRequest } from './scim-patch.ts';
import type { ScimResource } from './scim-resource-body.ts';
import type { ScimError } from './scim-errors.ts';
import { SCHEMA, type ResourceKind } from './scim-schema.ts';

const PATCH = [SCHEMA.patchOp];

const ana: ScimResource = {
  id: '7d0c1a52-0000-4000-8000-000000000001',
  userName: 'ana.silva@example.com',
  name: { givenName: 'Ana', familyName: 'Silva' },
  displayName: 'Ana Silva',
  active: true,
  emails: [{ value: 'ana.silva@example.com', type: 'work', primary: true }],
};

function patched(body: unknown, resource: ScimResource = ana, kind: ResourceKind = 'User') {
  const operations = readPatchRequest(body);
  if (!operations.ok) throw new Error(operations.error.detail);
  const result = applyPatch(kind, resource, operations.value);
  if (!result.ok) throw new Error(result.error.detail);
  return result.value;
}

function refusal(body: unknown, resource: ScimResource = ana, kind: ResourceKind = 'User') {
  const operations = readPatchRequest(body);
  if (!operations.ok) return operations.error;
  const result = applyPatch(kind, resource, operations.value);
  if (result.ok) throw new Error('expected the patch to be refused');
  return result.error;
}

describe('applyPatch deactivation as Entra ID and Okta send it (pitfall SC-01)', () => {
  it.each([
    [
      'a: Entra "Replace" with the string "False"',
      { op: 'Replace', path: 'active', value: 'False' },
    ],
    ['b: Entra "Add" with the string "False"', { op: 'Add', path: 'active', value: 'False' }],
    ['c: Okta replace without a path', { op: 'replace', value: { active: false } }],
  ])('%s gives active false as a JSON boolean', (_label, operation) => {
    expect(patched({ schemas: PATCH, Operations: [operation] }).active).toBe(false);
  });

  it('d: "True" reactivates', () => {
    const inactive = { ...ana, active: false };
    const body = { schemas: PATCH, Operations: [{ op: 'Replace', path: 'active', value: 'True' }] };

    expect(patched(body, inactive).active).toBe(true);
  });

  it('e: "maybe" is refused as invalidValue and changes nothing', () => {
    const error = refusal({
      schemas: PATCH,
      Operations: [{ op: 'replace', path: 'active', value: 'maybe' }],
    });

    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect(error.detail).toContain('must be true or false');
    expect(ana.active).toBe(true);
  });
});

describe('applyPatch path-less replace with dotted keys and URNs (pitfall SC-03)', () => {
  const result = patched({
    schemas: PATCH,
    Operations: [
      {
        op: 'Replace',
        value: {
          displayName: 'Ana Silva',
          'name.givenName': 'Ana',
          'name.familyName': 'Silva',
          [`${SCHEMA.enterprise}:department`]: 'Finance',
          [`${SCHEMA.enterprise}:employeeNumber`]: 'E-0042',
        },
      },
    ],
  });

  it('writes the nested name and the enterprise extension', () => {
    expect(result.displayName).toBe('Ana Silva');
    expect(result.name).toEqual({ givenName: 'Ana', familyName: 'Silva' });
    expect(result[SCHEMA.enterprise]).toEqual({ department: 'Finance', employeeNumber: 'E-0042' });
  });

  it('creates no attribute literally named "name.givenName"', () => {
    expect(Object.keys(result)).not.toContain('name.givenName');
    expect(JSON.stringify(result)).not.toContain('name.givenName');
  });
});

describe('applyPatch on attributes Entra ID changes', () => {
  it('replaces the work email through a filtered path and the family name', () => {
    const result = patched({
      schemas: PATCH,
      Operations: [
        {
          op: 'Replace',
          path: 'emails[type eq "work"].value',
          value: 'updatedEmail@microsoft.com',
        },
        { op: 'Replace', path: 'name.familyName', value: 'updatedFamilyName' },
      ],
    });

    expect(result.emails).toEqual([
      { value: 'updatedEmail@microsoft.com', type: 'work', primary: true },
    ]);
    expect(result.name).toEqual({ givenName: 'Ana', familyName: 'updatedFamilyName' });
  });

  it('creates the work email the filter describes when the user has none', () => {
    const result = patched(
      {
        schemas: PATCH,
        Operations: [{ op: 'Add', path: 'emails[type eq "work"].value', value: 'w@example.com' }],
      },
      { ...ana, emails: [{ value: 'home@example.com', type: 'home' }] },
    );

    expect(result.emails).toEqual([
      { value: 'home@example.com', type: 'home' },
      { type: 'work', value: 'w@example.com' },
    ]);
  });

  it('sets the manager from a bare id, and removes it', () => {
    const path = `${SCHEMA.enterprise}:manager`;
    const set = patched({ schemas: PATCH, Operations: [{ op: 'Add', path, value: 'm-1' }] });
    const removed = patched({ schemas: PATCH, Operations: [{ op: 'Remove', path }] }, set);

    expect(set[SCHEMA.enterprise]).toEqual({ manager: { value: 'm-1' } });
    expect(removed[SCHEMA.enterprise]).toBeUndefined();
  });

  it('sets the manager from the object Okta sends', () => {
    const result = patched({
      schemas: PATCH,
      Operations: [
        { op: 'replace', path: `${SCHEMA.enterprise}:manager`, value: { value: 'm-2' } },
      ],
    });

    expect(result[SCHEMA.enterprise]).toEqual({ manager: { value: 'm-2' } });
  });

  it('takes attribute names in any case, as the RFC example "nickname" writes it', () => {
    const result = patched({
      schemas: PATCH,
      Operations: [
        {
          op: 'add',
          value: { emails: [{ value: 'babs@jensen.org', type: 'home' }], nickname: 'Babs' },
        },
      ],
    });

    expect(result.nickName).toBe('Babs');
    expect(result.emails).toHaveLength(2);
  });

  it('keeps one primary email when a new primary one is added', () => {
    const result = patched({
      schemas: PATCH,
      Operations: [{ op: 'add', path: 'emails', value: [{ value: 'n@x.org', primary: true }] }],
    });

    expect(result.emails).toEqual([
      { value: 'ana.silva@example.com', type: 'work', primary: false },
      { value: 'n@x.org', primary: true },
    ]);
  });

  it('reads Operations written before schemas, as Entra ID orders them', () => {
    const result = patched({
      Operations: [{ op: 'Replace', path: 'active', value: false }],
      schemas: PATCH,
    });

    expect(result.active).toBe(false);
  });
});

describe('applyPatch on group members', () => {
  const group: ScimResource = {
    id: 'g-1',
    displayName: 'Sales',
    members: [{ value: 'u-1' }, { value: 'u-2' }],
  };
  const members = (body: unknown) => patched(body, group, 'Group').members;

  it('adds members without repeating one already there', () => {
    expect(
      members({
        schemas: PATCH,
        Operations: [{ op: 'Add', path: 'members', value: [{ value: 'u-2' }, { value: 'u-3' }] }],
      }),
    ).toEqual([{ value: 'u-1' }, { value: 'u-2' }, { value: 'u-3' }]);
  });

  it('removes one member by filter, as Okta and RFC 7644 do', () => {
    expect(
      members({ schemas: PATCH, Operations: [{ op: 'remove', path: 'members[value eq "u-1"]' }] }),
    ).toEqual([{ value: 'u-2' }]);
  });

  it('removes members listed in value, as Entra ID does without its compliance flag', () => {
    expect(
      members({
        schemas: PATCH,
        Operations: [{ op: 'Remove', path: 'members', value: [{ $ref: null, value: 'u-2' }] }],
      }),
    ).toEqual([{ value: 'u-1' }]);
  });

  it('treats removing a member who is not there as done', () => {
    expect(
      members({ schemas: PATCH, Operations: [{ op: 'remove', path: 'members[value eq "u-9"]' }] }),
    ).toEqual(group.members);
  });

  it('accepts the group id Okta repeats in a rename', () => {
    const result = patched(
      { schemas: PATCH, Operations: [{ op: 'replace', value: { id: 'g-1', displayName: 'New' } }] },
      group,
      'Group',
    );

    expect(result.displayName).toBe('New');
  });
});

describe('applyPatch refusals', () => {
  it.each<[string, unknown, Partial<ScimError>, string]>([
    [
      'an unknown op',
      [{ op: 'merge', path: 'title', value: 'x' }],
      { scimType: 'invalidSyntax' },
      'use add, replace or remove',
    ],
    ['a remove without a path', [{ op: 'remove' }], { scimType: 'noTarget' }, 'needs a "path"'],
    [
      'an unknown attribute',
      [{ op: 'add', path: 'shoeSize', value: 9 }],
      { scimType: 'invalidPath' },
      'is not an attribute',
    ],
    [
      'a broken path',
      [{ op: 'add', path: 'emails[type eq', value: 'x' }],
      { scimType: 'invalidPath' },
      'path "emails[type eq"',
    ],
    [
      'a read-only attribute',
      [{ op: 'replace', path: 'id', value: 'other' }],
      { scimType: 'mutability' },
      'read-only',
    ],
    [
      'a wrong type',
      [{ op: 'replace', path: 'displayName', value: 7 }],
      { scimType: 'invalidValue' },
      'must be a string',
    ],
    [
      'an ambiguous multi-valued sub-attribute',
      [{ op: 'replace', path: 'emails.value', value: 'x' }],
      { scimType: 'invalidPath' },
      'pick one with a filter',
    ],
    [
      'a filter no element matches',
      [{ op: 'replace', path: 'emails[value co "zzz"].type', value: 'home' }],
      { scimType: 'noTarget' },
      'matches the filter',
    ],
    [
      'a path-less value that is not an object',
      [{ op: 'replace', value: 'x' }],
      { scimType: 'invalidValue' },
      'must be an object',
    ],
  ])('refuses %s', (_label, operations, expected, detail) => {
    const error = refusal({ schemas: PATCH, Operations: operations });

    expect(error).toMatchObject({ status: 400, ...expected });
    expect(error.detail).toContain(detail);
  });

  it('refuses a body without operations', () => {
    expect(refusal({ schemas: PATCH, Operations: [] })).toMatchObject({
      scimType: 'invalidSyntax',
    });
  });
});
