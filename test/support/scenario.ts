import { createJobHandlers } from '../../src/app/job-handlers.ts';
import type { Runtime } from '../../src/app/runtime.ts';
import {
  SimulatorChannel,
  type AnswerKey,
} from '../../src/channels/simulator/simulator-channel.ts';
import { publishCourse } from '../../src/courses/course-repository.ts';
import type { CourseDraft } from '../../src/courses/model.ts';
import { enrolLearners } from '../../src/delivery/enrolment-service.ts';
import { createOrganization } from '../../src/organizations/organization-repository.ts';
import { upsertLearners, type LearnerInput } from '../../src/people/learner-repository.ts';
import type { ManualClock } from '../../src/shared/clock.ts';

/** A simulator whose learners never answer: tests send the replies themselves. */
export function silentSimulator(clock: ManualClock): SimulatorChannel {
  return new SimulatorChannel({
    population: { seed: 'test', replyRate: 0, accuracy: 0, medianReplyMinutes: 1 },
    answerKey: (): AnswerKey | undefined => undefined,
    now: () => clock.now(),
  });
}

export function learner(overrides: Partial<LearnerInput> & { email: string }): LearnerInput {
  return {
    externalId: null,
    fullName: overrides.email.split('@')[0] ?? 'Learner',
    phone: null,
    timezone: 'America/New_York',
    locale: 'en',
    title: null,
    department: null,
    managerEmail: null,
    location: null,
    hireDate: null,
    preferredChannel: 'simulator',
    ...overrides,
  };
}

/** An organization with learners enrolled in one course on the simulator channel. */
export async function enrolledScenario(
  runtime: Runtime,
  course: CourseDraft,
  learners: LearnerInput[],
  schedule: { sendTime?: string; days?: 'daily' | 'weekdays' } = {},
) {
  const { context } = runtime;
  const org = await createOrganization(context.db, { name: 'Test Org' });
  const { learnerIds } = await upsertLearners(context.db, org.id, learners, context.clock.now());
  const published = await publishCourse(context.db, org.id, course);
  await enrolLearners(context, {
    organizationId: org.id,
    courseVersionId: published.versionId,
    learnerIds,
    channel: 'simulator',
    sendTime: schedule.sendTime ?? '09:00',
    days: schedule.days ?? 'daily',
  });
  return { org, learnerIds, versionId: published.versionId };
}

/** Runs the delivery tick at the clock's current instant and every job it causes. */
export async function tickAndDrain(runtime: Runtime): Promise<void> {
  const handlers = createJobHandlers(runtime.context);
  await handlers.deliveryTick({ at: runtime.context.clock.now().toISOString() });
  await runtime.context.jobs.drain(handlers);
}
