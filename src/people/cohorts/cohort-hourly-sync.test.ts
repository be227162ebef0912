import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandlers } from '../../app/job-handlers.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { ManualClock } from '../../shared/clock.ts';
import { learner } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { upsertLearners } from '../learner-repository.ts';
import { createFilterCohort } from './cohort-membership.ts';

// Nobody's record changes in this test: only the date does, and the worker's people-sync job
// is what notices.
describe(`cohorts by hire date as the days pass, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-20T12:00:00Z');
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let cohortId: string;

  const membersNow = async () => {
    const rows = await runtime.context.db
      .selectFrom('cohortMembers')
      .innerJoin('learners', 'learners.id', 'cohortMembers.learnerId')
      .select('learners.email')
      .where('cohortMembers.cohortId', '=', cohortId)
      .orderBy('learners.email')
      .execute();
    return rows.map((row) => row.email);
  };
  const runPeopleSyncJobAt = async (instant: string) => {
    clock.set(instant);
    const handlers = createJobHandlers(runtime.context);
    await runtime.context.jobs.send('peopleSync', { at: clock.now().toISOString() });
    await runtime.context.jobs.drain(handlers);
  };

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock });
    const { db } = runtime.context;
    const org = await createOrganization(db, { name: 'Date Co' });
    await upsertLearners(
      db,
      org.id,
      [
        learner({ email: 'early@date.example', hireDate: '2026-03-01' }),
        learner({ email: 'later@date.example', hireDate: '2026-03-15' }),
        learner({ email: 'coming@date.example', hireDate: '2026-04-01' }),
      ],
      clock.now(),
    );
    const cohort = await createFilterCohort(
      db,
      org.id,
      'Hired in the last 30 days',
      'daysSinceHire ge 0 and daysSinceHire le 30',
      clock.now(),
    );
    if (!cohort.ok) throw new Error(cohort.error);
    cohortId = cohort.value.cohortId;
  });
  afterAll(() => runtime.close());

  it('starts with the people hired in the last 30 days', async () => {
    expect(await membersNow()).toEqual(['early@date.example', 'later@date.example']);
  });

  it('lets the first hire go and takes in the one who started, on the hourly sync', async () => {
    await runPeopleSyncJobAt('2026-04-05T12:07:00Z');

    expect(await membersNow()).toEqual(['coming@date.example', 'later@date.example']);
  });
});
