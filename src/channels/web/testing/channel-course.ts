/**
 * A course enrolled on one real channel adapter, for end-to-end tests: the organization is
 * created first, then its adapter (adapters are built per organization, as the credential
 * registry builds them), and the engine context serves that adapter.
 */
import type { EngineContext } from '../../../app/context.ts';
import { createJobHandlers } from '../../../app/job-handlers.ts';
import type { Runtime } from '../../../app/runtime.ts';
import { publishCourse } from '../../../courses/course-repository.ts';
import type { CourseDraft } from '../../../courses/model.ts';
import { enrolLearners } from '../../../delivery/enrolment-service.ts';
import { createOrganization } from '../../../organizations/organization-repository.ts';
import { upsertLearners, type LearnerInput } from '../../../people/learner-repository.ts';
import type { ChannelKind } from '../../../people/learner.ts';
import type { Channel } from '../../channel.ts';
import { StaticChannelRegistry } from '../../channel-registry.ts';

export interface CourseLearner {
  email: string;
  fullName?: string;
  phone?: string;
  timezone?: string;
  /** learners.channel_ids, e.g. { teams: '29:1abc' }. */
  channelIds?: Record<string, string>;
}

export interface ChannelCourse {
  organizationId: string;
  learnerIds: string[];
  /** The runtime's context, with the adapter as the organization's channel. */
  context: EngineContext;
  /** Runs the delivery tick at the clock's instant and every job it causes. */
  tick(): Promise<void>;
  /** Runs every queued job (channel events a webhook queued). */
  drain(): Promise<void>;
}

export async function courseOnChannel(
  runtime: Runtime,
  setup: {
    channel: ChannelKind;
    course: CourseDraft;
    learners: readonly CourseLearner[];
    adapter: (organizationId: string) => Channel;
    sendTime?: string;
  },
): Promise<ChannelCourse> {
  const { db, clock } = runtime.context;
  const org = await createOrganization(db, { name: `Org ${setup.channel}` });
  const inputs = setup.learners.map((person) => learnerInput(person, setup.channel));
  const { learnerIds } = await upsertLearners(db, org.id, inputs, clock.now());
  for (const [index, person] of setup.learners.entries()) {
    if (!person.channelIds) continue;
    await db
      .updateTable('learners')
      .set({ channelIds: JSON.stringify(person.channelIds) })
      .where('id', '=', learnerIds[index] ?? '')
      .execute();
  }

  const context: EngineContext = {
    ...runtime.context,
    channels: new StaticChannelRegistry([setup.adapter(org.id)]),
  };
  const published = await publishCourse(db, org.id, setup.course);
  await enrolLearners(context, {
    organizationId: org.id,
    courseVersionId: published.versionId,
    learnerIds,
    channel: setup.channel,
    sendTime: setup.sendTime ?? '09:00',
    days: 'daily',
  });

  const handlers = createJobHandlers(context);
  return {
    organizationId: org.id,
    learnerIds,
    context,
    tick: async () => {
      await handlers.deliveryTick({ at: clock.now().toISOString() });
      await context.jobs.drain(handlers);
    },
    drain: async () => {
      await context.jobs.drain(handlers);
    },
  };
}

function learnerInput(person: CourseLearner, channel: ChannelKind): LearnerInput {
  return {
    externalId: null,
    fullName: person.fullName ?? person.email.split('@')[0] ?? 'Learner',
    email: person.email,
    phone: person.phone ?? null,
    timezone: person.timezone ?? 'America/New_York',
    locale: 'en',
    title: null,
    department: null,
    managerEmail: null,
    location: null,
    hireDate: null,
    preferredChannel: channel,
  };
}
