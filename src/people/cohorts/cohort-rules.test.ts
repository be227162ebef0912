import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { cohortMemberIds, createRuleCohort } from '../cohort-repository.ts';
import { changeLearnerStatus } from '../lifecycle/learner-status.ts';
import { syncPeople } from '../people-sync.ts';
import { createPerson, type NewPerson } from '../person-writer.ts';
import { createFilterCohort, previewCohortRule } from './cohort-membership.ts';

describe(`cohort rules on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let organizationId: string;
  const ids: Record<string, string> = {};

  const person = (email: string, fields: Partial<NewPerson> = {}): NewPerson => ({
    email,
    fullName: email.split('@')[0] as string,
    timezone: 'America/New_York',
    ...fields,
  });

  beforeAll(async () => {
    runtime = await startTestRuntime();
    const db = runtime.context.db;
    const now = runtime.clock.now();
    organizationId = (await createOrganization(db, { name: 'Rules Inc' })).id;

    const people: NewPerson[] = [
      person('ceo@rules.example', {
        title: 'Chief Executive',
        department: 'Board',
        hireDate: '2015-01-05',
      }),
      person('vp@rules.example', {
        title: 'VP Engineering',
        department: 'Engineering',
        managerEmail: 'ceo@rules.example',
        hireDate: '2020-06-01',
      }),
      person('lead@rules.example', {
        title: 'Engineering Lead',
        department: 'Engineering',
        managerEmail: 'vp@rules.example',
        hireDate: '2023-02-01',
      }),
      person('dev@rules.example', {
        title: 'Software Engineer',
        department: 'Engineering',
        managerEmail: 'lead@rules.example',
        hireDate: '2026-02-20',
        customFields: { shift: 'night' },
      }),
      person('rep@rules.example', {
        title: 'Account Executive',
        department: 'Sales',
        location: 'Lisbon',
        hireDate: '2026-02-28',
        customFields: { shift: 'day' },
      }),
      person('future@rules.example', {
        title: 'Account Executive',
        department: 'Sales',
        hireDate: '2026-03-16',
      }),
    ];
    for (const fields of people) {
      const learner = await createPerson(db, organizationId, fields, 'test', now);
      ids[fields.email.split('@')[0] as string] = learner.id;
    }
    await syncPeople(db, organizationId, now);
  });
  afterAll(() => runtime.close());

  const preview = async (rule: string) => {
    const result = await previewCohortRule(
      runtime.context.db,
      organizationId,
      rule,
      runtime.clock.now(),
    );
    if (!result.ok) throw new Error(result.error);
    return result.value.learners.map((learner) => learner.email.split('@')[0]);
  };

  it.each([
    ['department eq "sales"', ['future', 'rep']],
    ['role co "engineer"', ['dev', 'lead', 'vp']],
    ['title sw "Account" and location eq "Lisbon"', ['rep']],
    ['manager eq "lead@rules.example"', ['dev']],
    ['reportsTo eq "vp@rules.example"', ['dev', 'lead']],
    ['email eq "vp@rules.example" or reportsTo eq "vp@rules.example"', ['dev', 'lead', 'vp']],
    ['daysSinceHire le 30', ['dev', 'future', 'rep']],
    ['daysSinceHire le 30 and daysSinceHire ge 0', ['dev', 'rep']],
    ['hireDate ge "2026-01-01"', ['dev', 'future', 'rep']],
    ['custom.shift eq "night"', ['dev']],
    ['not (department eq "Engineering")', ['ceo', 'future', 'rep']],
  ])('%s matches %j', async (rule, expected) => {
    expect(await preview(rule)).toEqual(expected);
  });

  it.each([
    ['department eq', 'the rule cannot be read: expected a value'],
    ['shoeSize eq "9"', 'the rule cannot be used: "shoeSize" is not an attribute'],
    ['custom.badge eq "x"', 'custom has no such sub-attribute'],
    ['daysSinceHire le "thirty"', 'is a number'],
    ['', 'the rule is empty'],
  ])('refuses %j: %s', async (rule, reason) => {
    const result = await previewCohortRule(
      runtime.context.db,
      organizationId,
      rule,
      runtime.clock.now(),
    );

    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.error).toContain(reason);
  });

  it('keeps a rule cohort current as time passes and people leave', async () => {
    const db = runtime.context.db;
    const created = await createFilterCohort(
      db,
      organizationId,
      'New hires',
      'daysSinceHire le 30 and daysSinceHire ge 0',
      runtime.clock.now(),
    );
    if (!created.ok) throw new Error(created.error);
    const cohort = await db
      .selectFrom('cohorts')
      .selectAll()
      .where('id', '=', created.value.cohortId)
      .executeTakeFirstOrThrow();
    const members = async () => (await cohortMemberIds(db, cohort)).sort();

    const atStart = await members();
    runtime.clock.set('2026-03-25T12:00:00Z');
    const later = await syncPeople(db, organizationId, runtime.clock.now());
    const afterTwoWeeks = await members();

    expect(atStart).toEqual([ids.dev, ids.rep].sort());
    expect(later.transitions.filter((change) => change.cohortId === cohort.id)).toEqual([
      { cohortId: cohort.id, learnerId: ids.future, change: 'entered' },
      { cohortId: cohort.id, learnerId: ids.dev, change: 'left' },
    ]);
    expect(afterTwoWeeks).toEqual([ids.future, ids.rep].sort());
  });

  it('keeps an inactive learner in a rule cohort and drops an offboarded one', async () => {
    const db = runtime.context.db;
    const now = runtime.clock.now();
    const created = await createFilterCohort(
      db,
      organizationId,
      'Sales team',
      'department eq "Sales"',
      now,
    );
    if (!created.ok) throw new Error(created.error);
    const learner = (id: string) =>
      db.selectFrom('learners').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    await changeLearnerStatus(db, await learner(ids.rep as string), 'inactive', 'test', now);
    await changeLearnerStatus(db, await learner(ids.future as string), 'offboarded', 'test', now);
    const sync = await syncPeople(db, organizationId, now);

    expect(sync.transitions.filter((change) => change.cohortId === created.value.cohortId)).toEqual(
      [{ cohortId: created.value.cohortId, learnerId: ids.future, change: 'left' }],
    );
  });

  it('still reads the older attribute-list rules', async () => {
    const db = runtime.context.db;
    const cohort = await createRuleCohort(db, organizationId, 'Legacy engineers', {
      department: ['Engineering'],
      title: ['Software Engineer', 'Engineering Lead'],
    });

    expect((await cohortMemberIds(db, cohort)).sort()).toEqual([ids.dev, ids.lead].sort());
  });

  it('stops walking a reporting loop in HR data', async () => {
    const db = runtime.context.db;
    const now = runtime.clock.now();
    await createPerson(
      db,
      organizationId,
      person('a@loop.example', { managerEmail: 'b@loop.example' }),
      'test',
      now,
    );
    await createPerson(
      db,
      organizationId,
      person('b@loop.example', { managerEmail: 'a@loop.example' }),
      'test',
      now,
    );
    await syncPeople(db, organizationId, now);

    expect(await preview('reportsTo eq "a@loop.example"')).toEqual(['b']);
  });
});
