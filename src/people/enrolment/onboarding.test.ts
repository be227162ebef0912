import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobHandlers } from '../../app/job-handlers.ts';
import { claimDueLessons } from '../../delivery/due-lessons.ts';
import { publishCourse } from '../../courses/course-repository.ts';
import { sendThroughOutbox } from '../../delivery/outbox.ts';
import { ManualClock } from '../../shared/clock.ts';
import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { silentSimulator } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createFilterCohort } from '../cohorts/cohort-membership.ts';
import { importPeopleCsv } from '../import/people-import.ts';
import { SCHEMA } from '../scim/scim-schema.ts';
import { scimTestClient, type ScimTestClient } from '../scim/scim-test-client.ts';
import { createAutoEnrolmentRule } from './auto-enrolment-rules.ts';

/**
 * End to end: a new hire arrives from the identity provider, matches the Sales onboarding
 * rule, and gets day 1 of the course at 09:00 on their own clock on their first working day,
 * through the real delivery tick and the simulator channel. Then they leave, and nothing
 * reaches them again, however hard delivery tries.
 */
describe(`automatic onboarding on ${storageUnderTest}`, () => {
  // Monday 2 March 2026, 09:00 in Chicago (CST, UTC-6). US daylight saving starts on 8 March.
  const clock = new ManualClock('2026-03-02T15:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let scim: ScimTestClient;
  let versionId: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    scim = await scimTestClient(runtime, 'onboard-co');
    const db = runtime.context.db;
    versionId = (await publishCourse(db, scim.organizationId, readingCourse(5))).versionId;

    const cohort = await createFilterCohort(
      db,
      scim.organizationId,
      'Sales new hires',
      'department eq "Sales" and daysSinceHire le 30',
      clock.now(),
    );
    if (!cohort.ok) throw new Error(cohort.error);
    const rule = await createAutoEnrolmentRule(
      db,
      scim.organizationId,
      {
        name: 'Sales onboarding',
        cohortId: cohort.value.cohortId,
        courseVersionId: versionId,
        channel: 'simulator',
        sendTime: '09:00',
        days: 'weekdays',
      },
      clock.now(),
    );
    if (!rule.ok) throw new Error(rule.error.join('; '));
  });
  afterAll(() => runtime.close());

  const tickAt = async (instant: string) => {
    clock.set(instant);
    const handlers = createJobHandlers(runtime.context);
    await handlers.deliveryTick({ at: clock.now().toISOString() });
    await runtime.context.jobs.drain(handlers);
  };
  const sentTo = (learnerId: string) =>
    simulator.transcript.filter((entry) => entry.to === learnerId);
  const hire = (userName: string, department: string, hireDate: string) => ({
    schemas: [SCHEMA.user, SCHEMA.enterprise, SCHEMA.inflow],
    userName,
    name: { givenName: userName.split('@')[0], familyName: 'Hire' },
    emails: [{ value: userName, type: 'work', primary: true }],
    timezone: 'America/Chicago',
    active: true,
    [SCHEMA.enterprise]: { department, employeeNumber: userName },
    [SCHEMA.inflow]: { hireDate },
  });
  const enrolmentOf = (learnerId: string) =>
    runtime.context.db
      .selectFrom('enrolments')
      .selectAll()
      .where('learnerId', '=', learnerId)
      .executeTakeFirst();

  let newHire: string;

  it('enrols a Sales hire provisioned a week early for 09:00 on their first day', async () => {
    const created = await scim.call(
      'POST',
      '/Users',
      hire('nora@onboard.example', 'Sales', '2026-03-09'),
    );
    newHire = String(created.body.id);

    const enrolment = await enrolmentOf(newHire);

    expect(enrolment).toMatchObject({
      courseVersionId: versionId,
      status: 'active',
      channel: 'simulator',
      sendTime: '09:00',
      days: 'weekdays',
    });
    // 09:00 CDT: daylight saving began the day before.
    expect(enrolment?.nextSendAt?.toISOString()).toBe('2026-03-09T14:00:00.000Z');
  });

  it('does not enrol a hire outside the rule', async () => {
    const created = await scim.call(
      'POST',
      '/Users',
      hire('omar@onboard.example', 'Finance', '2026-03-09'),
    );

    expect(await enrolmentOf(String(created.body.id))).toBeUndefined();
  });

  it('sends nothing before the first day, even at the send time', async () => {
    await tickAt('2026-03-06T15:00:01Z');

    expect(sentTo(newHire)).toEqual([]);
  });

  it('sends lesson 1 at 09:00 local on the first day', async () => {
    await tickAt('2026-03-09T13:59:59Z');
    const beforeNine = sentTo(newHire).length;
    await tickAt('2026-03-09T14:00:00Z');

    expect(beforeNine).toBe(0);
    expect(sentTo(newHire)).toHaveLength(1);
    expect(sentTo(newHire)[0]?.at.toISOString()).toBe('2026-03-09T14:00:00.000Z');
    expect(sentTo(newHire)[0]?.text).toContain('Reading 1');
  });

  it('starts someone hired today after the send time on the next weekday', async () => {
    clock.set('2026-03-13T16:00:00Z');
    const created = await scim.call(
      'POST',
      '/Users',
      hire('pia@onboard.example', 'Sales', '2026-03-13'),
    );

    const enrolment = await enrolmentOf(String(created.body.id));

    // Friday 10:00 in Chicago is past 09:00, so the first eligible day is Monday.
    expect(enrolment?.nextSendAt?.toISOString()).toBe('2026-03-16T14:00:00.000Z');
  });

  describe('after leaving, nothing is ever sent again', () => {
    it('cancels a lesson claimed but not yet sent when the learner is deactivated', async () => {
      // Claimed, as the tick does, but not yet dispatched: a worker is about to send it.
      clock.set('2026-03-10T14:00:00Z');
      await claimDueLessons(runtime.context, clock.now());
      const before = sentTo(newHire).length;

      const disabled = await scim.call('PATCH', `/Users/${newHire}`, {
        schemas: [SCHEMA.patchOp],
        Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
      });
      await tickAt('2026-03-10T14:00:00Z');
      const cancelled = await runtime.context.db
        .selectFrom('deliveries')
        .select(['status', 'errorCode'])
        .where('learnerId', '=', newHire)
        .where('status', '=', 'cancelled')
        .execute();

      expect(disabled.body.active).toBe(false);
      expect(sentTo(newHire)).toHaveLength(before);
      expect(cancelled).toEqual([{ status: 'cancelled', errorCode: 'learner_inactive' }]);
      expect(await enrolmentOf(newHire)).toMatchObject({ status: 'paused', nextSendAt: null });
    });

    it('sends nothing on the following days', async () => {
      const before = sentTo(newHire).length;

      for (const day of ['2026-03-11', '2026-03-12', '2026-03-13', '2026-03-16']) {
        await tickAt(`${day}T14:00:01Z`);
      }

      expect(sentTo(newHire)).toHaveLength(before);
    });

    it('refuses a message sent to them directly through the outbox', async () => {
      const learner = await runtime.context.db
        .selectFrom('learners')
        .selectAll()
        .where('id', '=', newHire)
        .executeTakeFirstOrThrow();

      const result = await sendThroughOutbox(runtime.context, {
        learner,
        channel: 'simulator',
        kind: 'system',
        idempotencyKey: 'people-test:direct-attempt',
        messages: [{ text: 'Are you still there?' }],
      });

      expect(result).toMatchObject({ status: 'failed', failure: { code: 'unreachable' } });
      expect(simulator.transcript.some((entry) => entry.text === 'Are you still there?')).toBe(
        false,
      );
    });

    it('never messages a learner offboarded by an HR import either', async () => {
      const created = await scim.call(
        'POST',
        '/Users',
        hire('quinn@onboard.example', 'Sales', '2026-03-17'),
      );
      const quinn = String(created.body.id);
      await importPeopleCsv(
        runtime.context.db,
        scim.organizationId,
        'employee id,email,name,status\n' +
          'quinn@onboard.example,quinn@onboard.example,Quinn Hire,Terminated',
        { fileName: 'leavers.csv' },
        clock.now(),
      );

      for (const day of ['2026-03-17', '2026-03-18', '2026-03-19']) {
        await tickAt(`${day}T14:00:01Z`);
      }

      expect(sentTo(quinn)).toEqual([]);
      expect(await enrolmentOf(quinn)).toMatchObject({ status: 'withdrawn', nextSendAt: null });
    });

    it('resumes at the next slot with the lesson it missed, and no burst', async () => {
      clock.set('2026-03-18T20:00:00Z');
      const before = sentTo(newHire).length;

      await scim.call('PATCH', `/Users/${newHire}`, {
        schemas: [SCHEMA.patchOp],
        Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
      });
      await tickAt('2026-03-18T20:00:01Z');
      const rightAway = sentTo(newHire).length - before;
      await tickAt('2026-03-19T14:00:00Z');

      expect(rightAway).toBe(0);
      expect((await enrolmentOf(newHire))?.status).toBe('active');
      expect(sentTo(newHire)).toHaveLength(before + 1);
      // Lesson 2 was claimed and cancelled on the day of deactivation; it comes next.
      expect(sentTo(newHire).at(-1)?.text).toContain('Reading 2');
    });
  });
});
