import { createJobHandlers } from '../../src/app/job-handlers.ts';
import { publishCourse } from '../../src/courses/course-repository.ts';
import type { CourseDraft } from '../../src/courses/model.ts';
import {
  DEFAULT_DELIVERY_SETTINGS,
  saveDeliverySettings,
  type DeliverySettings,
} from '../../src/delivery/delivery-settings.ts';
import {
  configureDispatcher,
  type DispatcherOptions,
} from '../../src/delivery/dispatch/dispatcher.ts';
import { enrolLearners } from '../../src/delivery/enrolment-service.ts';
import { createOrganization } from '../../src/organizations/organization-repository.ts';
import { upsertLearners, type LearnerInput } from '../../src/people/learner-repository.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { FakeMessageProvider } from './fake-message-provider.ts';
import { HttpTestChannel } from './http-test-channel.ts';
import { startTestRuntime } from './test-runtime.ts';

export interface DeliveryScenarioOptions {
  start: string;
  course: CourseDraft;
  learners: LearnerInput[];
  sendTime?: string;
  settings?: Partial<Omit<DeliverySettings, 'holidays'>>;
  dispatcher?: Partial<DispatcherOptions>;
  channelTimeoutMs?: number;
}

/**
 * An organization whose learners are enrolled on the "email" kind, served by HttpTestChannel
 * against a FakeMessageProvider on loopback, with a manual clock.
 */
export async function startDeliveryScenario(options: DeliveryScenarioOptions) {
  const provider = await new FakeMessageProvider().start();
  const clock = new ManualClock(options.start);
  const channel = new HttpTestChannel({
    baseUrl: provider.url,
    timeoutMs: options.channelTimeoutMs ?? 1_000,
  });
  const runtime = await startTestRuntime({ clock, channels: [channel] });
  const { context } = runtime;
  const dispatcher = configureDispatcher(context, {
    random: () => 0.5,
    providerRatePerSecond: {},
    ...options.dispatcher,
  });

  const org = await createOrganization(context.db, { name: 'Delivery Org' });
  const saved = await saveDeliverySettings(context.db, org.id, {
    ...DEFAULT_DELIVERY_SETTINGS,
    ...options.settings,
  });
  if (!saved.ok) throw new Error(saved.error.join('; '));
  const { learnerIds } = await upsertLearners(context.db, org.id, options.learners, clock.now());
  const published = await publishCourse(context.db, org.id, options.course);
  await enrolLearners(context, {
    organizationId: org.id,
    courseVersionId: published.versionId,
    learnerIds,
    channel: 'email',
    sendTime: options.sendTime ?? '09:00',
    days: 'daily',
  });

  const handlers = createJobHandlers(context);
  const nextEventAt = async (): Promise<number> => {
    const enrolment = await context.db
      .selectFrom('enrolments')
      .select((eb) => eb.fn.min('nextSendAt').as('next'))
      .where('status', '=', 'active')
      .executeTakeFirst();
    const delivery = await context.db
      .selectFrom('deliveries')
      .select((eb) => eb.fn.min('nextAttemptAt').as('next'))
      .where('status', '=', 'queued')
      .executeTakeFirst();
    const candidates = [enrolment?.next, delivery?.next]
      .filter((value): value is Date => value !== null && value !== undefined)
      .map((value) => new Date(value).getTime());
    return candidates.length === 0 ? Number.POSITIVE_INFINITY : Math.min(...candidates);
  };
  return {
    runtime,
    context,
    clock,
    provider,
    dispatcher,
    org,
    learnerIds,
    versionId: published.versionId,
    /** One delivery tick at the clock's instant, then every job it caused. */
    async tick(): Promise<void> {
      await handlers.deliveryTick({ at: clock.now().toISOString() });
      await context.jobs.drain(handlers);
    },
    /**
     * Moves the clock from event to event (a lesson due, a retry or a held message ready),
     * ticking at each, until `until`; at least every `maxStepMs`.
     */
    async runUntil(until: string, maxStepMs = 86_400_000): Promise<number> {
      const end = new Date(until).getTime();
      let ticks = 0;
      for (;;) {
        const now = clock.now().getTime();
        const next = Math.min(await nextEventAt(), now + maxStepMs);
        if (next > end) break;
        clock.set(new Date(Math.max(next, now + 1)));
        await handlers.deliveryTick({ at: clock.now().toISOString() });
        await context.jobs.drain(handlers);
        ticks += 1;
      }
      clock.set(new Date(end));
      return ticks;
    },
    async close(): Promise<void> {
      await runtime.close();
      await provider.stop();
    },
  };
}
