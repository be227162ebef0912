import { afterEach, describe, expect, it } from 'vitest';

import { quizCourse } from '../../test/support/course-fixtures.ts';
import { learner, silentSimulator, tickAndDrain } from '../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { handleInbound } from '../conversation/reply-service.ts';
import { publishCourse } from '../courses/course-repository.ts';
import { createOrganization } from '../organizations/organization-repository.ts';
import { upsertLearners } from '../people/learner-repository.ts';
import { ManualClock } from '../shared/clock.ts';
import { addLessonVariant, recordPreAssessment, setCoursePath } from './adaptive-paths.ts';
import { enrolLearners } from './enrolment-service.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

/** An organization with one course version whose path options are set before anyone enrols. */
async function start(
  options: { waitForAnswer?: boolean; preAssessment?: boolean },
  title: string | null = null,
) {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  runtime = await startTestRuntime({ clock, channels: [simulator] });
  const { context } = runtime;
  const org = await createOrganization(context.db, { name: 'Adaptive Org' });
  const course = await publishCourse(context.db, org.id, quizCourse());
  await setCoursePath(context.db, course.versionId, {
    waitForAnswer: options.waitForAnswer ?? false,
    preAssessment: options.preAssessment ?? false,
  });
  const { learnerIds } = await upsertLearners(
    context.db,
    org.id,
    [learner({ email: 'ana@example.com', title })],
    clock.now(),
  );
  return {
    clock,
    simulator,
    context,
    versionId: course.versionId,
    learnerId: learnerIds[0] as string,
    enrol: () =>
      enrolLearners(context, {
        organizationId: org.id,
        courseVersionId: course.versionId,
        learnerIds,
        channel: 'simulator',
        sendTime: '09:00',
        days: 'daily',
      }),
  };
}

const lessonTitles = (runtime: Runtime) =>
  runtime.context.db
    .selectFrom('deliveries')
    .innerJoin('lessons', 'lessons.id', 'deliveries.lessonId')
    .select('lessons.title')
    .where('deliveries.kind', '=', 'lesson')
    .orderBy('deliveries.createdAt')
    .execute();

describe(`adaptive paths, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('skips a lesson the pre-assessment shows is known', async () => {
    const s = await start({ preAssessment: true });
    await s.enrol();
    const enrolment = await s.context.db
      .selectFrom('enrolments')
      .select('id')
      .executeTakeFirstOrThrow();

    const known = await recordPreAssessment(s.context, enrolment.id, [
      { questionKey: 'l1-q1', correct: true },
      { questionKey: 'l1-q2', correct: true },
    ]);
    expect(known).toEqual({ ok: true, value: [1] });

    s.clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime as Runtime);
    expect((await lessonTitles(runtime as Runtime)).map((row) => row.title)).toEqual([
      'Reflection',
    ]);
  });

  it('keeps a lesson when one of its questions was missed in the pre-assessment', async () => {
    const s = await start({ preAssessment: true });
    await s.enrol();
    const enrolment = await s.context.db
      .selectFrom('enrolments')
      .select('id')
      .executeTakeFirstOrThrow();

    expect(
      await recordPreAssessment(s.context, enrolment.id, [
        { questionKey: 'l1-q1', correct: true },
        { questionKey: 'l1-q2', correct: false },
      ]),
    ).toEqual({ ok: true, value: [] });
  });

  it('sends the variant written for the learner role', async () => {
    const s = await start({}, 'Forklift Driver');
    const lesson = await s.context.db
      .selectFrom('lessons')
      .select('id')
      .where('courseVersionId', '=', s.versionId)
      .where('position', '=', 1)
      .executeTakeFirstOrThrow();
    await addLessonVariant(s.context.db, lesson.id, 'forklift driver', {
      title: 'Spills on the loading dock',
      body: 'Stop the truck, then report the spill to your shift lead.',
    });
    await s.enrol();

    s.clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime as Runtime);
    expect(s.simulator.transcript[0]?.text).toContain('Spills on the loading dock');
    expect(s.simulator.transcript[0]?.text).toContain('Stop the truck');
  });

  it('waits for the answer before the next lesson when the author asks for it', async () => {
    const s = await start({ waitForAnswer: true });
    await s.enrol();
    s.clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime as Runtime);

    s.clock.set('2026-03-03T14:00:01Z');
    await tickAndDrain(runtime as Runtime);
    expect(await lessonTitles(runtime as Runtime)).toHaveLength(1);

    const reply = (text: string, id: string) =>
      handleInbound(s.context, {
        channel: 'simulator',
        sender: s.learnerId,
        text,
        providerMessageId: id,
        receivedAt: s.clock.now(),
      });
    await reply('b', 'r1');
    await reply('b', 'r2');
    s.clock.set('2026-03-04T14:00:01Z');
    await tickAndDrain(runtime as Runtime);
    expect((await lessonTitles(runtime as Runtime)).map((row) => row.title)).toEqual([
      'Spills',
      'Reflection',
    ]);
  });
});
