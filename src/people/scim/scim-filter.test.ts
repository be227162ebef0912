import { describe, expect, it } from 'vitest';
import { parseFilter, parsePatchPath, type Filter } from './scim-filter.ts';
import { checkFilter, matchesFilter, resourceFilterSchema } from './scim-filter-match.ts';
import { SCHEMA } from './scim-schema.ts';

function filterOf(text: string): Filter {
  const parsed = parseFilter(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
}

function errorOf(text: string): string {
  const parsed = parseFilter(text);
  if (parsed.ok) throw new Error(`expected "${text}" to be refused`);
  return parsed.error;
}

describe('parseFilter', () => {
  it('reads a comparison with its attribute, operator and value', () => {
    expect(filterOf('userName eq "bjensen"')).toEqual({
      kind: 'compare',
      path: { attribute: 'userName' },
      operator: 'eq',
      value: 'bjensen',
    });
  });

  it('reads operators and keywords in any case, and and before or', () => {
    expect(filterOf('title PR Or userType EQ "Employee" AND active eq TRUE')).toEqual({
      kind: 'or',
      left: { kind: 'present', path: { attribute: 'title' } },
      right: {
        kind: 'and',
        left: {
          kind: 'compare',
          path: { attribute: 'userType' },
          operator: 'eq',
          value: 'Employee',
        },
        right: { kind: 'compare', path: { attribute: 'active' }, operator: 'eq', value: true },
      },
    });
  });

  it('reads grouping, not and a value path with a logical filter inside', () => {
    const filter = filterOf(
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")' +
        ' and not (emails[type eq "work" and value co "@example.com"])',
    );

    expect(filter).toMatchObject({
      kind: 'and',
      left: { kind: 'and', right: { kind: 'or' } },
      right: {
        kind: 'not',
        filter: {
          kind: 'valuePath',
          path: { attribute: 'emails' },
          filter: { kind: 'and', left: { operator: 'eq' }, right: { operator: 'co' } },
        },
      },
    });
  });

  it('splits an extension URN from its attribute and sub-attribute', () => {
    expect(filterOf(`${SCHEMA.enterprise}:manager.value eq "26118915"`)).toMatchObject({
      path: { uri: SCHEMA.enterprise, attribute: 'manager', subAttribute: 'value' },
    });
  });

  it('reads the value-path comparison Entra ID sends for work emails', () => {
    expect(filterOf('emails[type eq "work"].value eq "ana@example.com"')).toEqual({
      kind: 'valuePath',
      path: { attribute: 'emails' },
      filter: {
        kind: 'and',
        left: { kind: 'compare', path: { attribute: 'type' }, operator: 'eq', value: 'work' },
        right: {
          kind: 'compare',
          path: { attribute: 'value' },
          operator: 'eq',
          value: 'ana@example.com',
        },
      },
    });
  });

  it('reads numbers, null, false and escaped quotes in strings', () => {
    expect(
      filterOf('a eq 42 or b gt -1.5e2 or c eq null or d eq false or e eq "say \\"hi\\""'),
    ).toMatchObject({
      left: {
        left: { left: { left: { value: 42 }, right: { value: -150 } }, right: { value: null } },
        right: { value: false },
      },
      right: { value: 'say "hi"' },
    });
  });

  it.each([
    ['userName eq', 'expected a value'],
    ['userName equals "x"', 'expected an operator'],
    ['externalId eq jyoung', 'must be quoted'],
    ['userName eq "x', 'never closed'],
    ['(userName eq "x"', 'expected ")"'],
    ['not userName eq "x"', '"not" must be followed by "("'],
    ['userName eq "x" "y"', 'expected "and", "or" or the end'],
    ['emails[type eq "work"', 'expected "]"'],
    ['emails[members[value eq "x"]]', 'cannot hold another'],
    ['a.b.c eq "x"', 'not an attribute path'],
    ['userName eq "x" & active eq true', 'unexpected "&"'],
  ])('refuses %s, saying %s', (text, reason) => {
    expect(errorOf(text)).toContain(reason);
  });

  it('says where the problem is', () => {
    expect(errorOf('userName eq "x" and')).toBe(
      'expected an attribute name, but found the end at position 20',
    );
  });
});

describe('parsePatchPath', () => {
  it.each([
    ['members', { path: { attribute: 'members' } }],
    ['name.familyName', { path: { attribute: 'name', subAttribute: 'familyName' } }],
    [
      'emails[type eq "work"].value',
      {
        path: { attribute: 'emails' },
        filter: { kind: 'compare', path: { attribute: 'type' }, operator: 'eq', value: 'work' },
        subAttribute: 'value',
      },
    ],
    [`${SCHEMA.enterprise}:manager`, { path: { uri: SCHEMA.enterprise, attribute: 'manager' } }],
  ])('reads %s', (text, expected) => {
    expect(parsePatchPath(text)).toEqual({ ok: true, value: expected });
  });
});

describe('matchesFilter on users', () => {
  const schema = resourceFilterSchema('User');
  const user = {
    id: 'u1',
    userName: 'Ana.Silva@Example.com',
    externalId: 'AbC',
    title: 'Tour Guide',
    active: true,
    emails: [
      { value: 'ana@example.com', type: 'work', primary: true },
      { value: 'ana@home.example', type: 'home' },
    ],
    meta: { created: '2026-03-02T09:00:00Z', lastModified: '2026-03-05T09:00:00Z' },
    [SCHEMA.enterprise]: { department: 'Sales', manager: { value: 'm1' } },
  };
  const matches = (text: string) => {
    const filter = filterOf(text);
    const checked = checkFilter(filter, schema);
    if (!checked.ok) throw new Error(checked.error);
    return matchesFilter(filter, user, schema);
  };

  it.each([
    ['userName eq "ana.silva@example.com"', true],
    ['USERNAME EQ "ANA.SILVA@EXAMPLE.COM"', true],
    ['externalId eq "abc"', false],
    ['externalId eq "AbC"', true],
    ['title co "guide"', true],
    ['title sw "Tour"', true],
    ['title ew "Guide"', true],
    ['title ne "Tour Guide"', false],
    ['nickName ne "Babs"', true],
    ['nickName pr', false],
    ['title pr', true],
    ['nickName eq null', true],
    ['title ne null', true],
    ['active eq true', true],
    ['active eq "True"', true],
    ['emails co "home.example"', true],
    ['emails.type eq "home"', true],
    ['emails[type eq "work"].value eq "ana@example.com"', true],
    ['emails[type eq "home" and primary eq true]', false],
    ['meta.lastModified gt "2026-03-04T00:00:00Z"', true],
    ['meta.lastModified lt "2026-03-04T00:00:00Z"', false],
    [`${SCHEMA.enterprise}:department eq "sales"`, true],
    [`${SCHEMA.enterprise}:manager.value eq "m1"`, true],
    ['not (title pr) or userName sw "ana"', true],
  ])('%s is %s', (text, expected) => {
    expect(matches(text)).toBe(expected);
  });

  it.each([
    ['favouriteColour eq "blue"', 'not an attribute that can be filtered on'],
    ['active gt true', 'takes eq and ne only'],
    ['active eq "yes"', 'compare it with true or false'],
    ['meta.created gt "last tuesday"', 'is a date and time'],
    ['title eq true', 'compare it with a quoted string'],
    ['name eq "Ana"', 'is complex'],
    ['emails[colour eq "red"]', 'not an attribute that can be filtered on'],
    [`${SCHEMA.enterprise}:shoeSize eq "9"`, 'not an attribute'],
    ['title gt null', 'cannot compare'],
  ])('refuses %s: %s', (text, reason) => {
    const checked = checkFilter(filterOf(text), schema);

    expect(checked.ok).toBe(false);
    expect(checked.ok ? '' : checked.error).toContain(reason);
  });
});
