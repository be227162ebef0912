import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeliveryStatusUpdate } from '../channels/channel.ts';
import { ManualClock } from '../shared/clock.ts';
import { quizCourse } from '../../test/support/course-fixtures.ts';
import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { applyStatusUpdate } from './status-updates.ts';

describe(`provider status callbacks, on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T13:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let organizationId: string;
  let providerIds: string[];

  const update = (index: number, status: DeliveryStatusUpdate['status'], extra = {}) =>
    applyStatusUpdate(runtime.context, organizationId, {
      channel: 'simulator', providerMessageId: providerIds[index] as string, status,
      at: clock.now(), ...extra,
    });
  const delivery = (index: number) => runtime.context.db.selectFrom('deliveries')
    .select(['status', 'errorCode', 'statusHistory', 'learnerId'])
    .where('providerMessageId', '=', providerIds[index] as string).executeTakeFirstOrThrow();

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const scenario = await enrolledScenario(runtime, quizCourse(), [
      learner({ email: 'one@example.com' }), learner({ email: 'two@example.com' }),
      learner({ email: 'three@example.com' }),
    ]);
    organizationId = scenario.org.id;
    clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime);
    const rows = await runtime.context.db.selectFrom('deliveries').select('providerMessageId')
      .where('kind', '=', 'lesson').orderBy('learnerId').execute();
    providerIds = rows.map((row) => row.providerMessageId as string);
  });
  afterAll(() => runtime.close());

  it('never moves a delivered message back to sent when callbacks arrive out of order', async () => {
    expect(await update(0, 'delivered')).toBe('applied');
    // Sending already recorded "sent"; the provider's late "sent" repeats it.
    expect(await update(0, 'sent')).toBe('duplicate');
    expect(await update(0, 'delivered')).toBe('duplicate');
    expect(await update(0, 'read')).toBe('applied');

    const row = await delivery(0);
    expect(row.status).toBe('read');
    expect(row.statusHistory.map((change) => change.status))
      .toEqual(['queued', 'sent', 'delivered', 'read']);
  });

  it('keeps the error code of a failure, whatever comes after it', async () => {
    expect(await update(1, 'failed', { errorCode: '30003', errorReason: 'unreachable' }))
      .toBe('applied');
    expect(await update(1, 'delivered')).toBe('recorded');
    expect(await update(1, 'failed')).toBe('recorded');
    expect(await update(1, 'failed', { errorCode: '30003' })).toBe('duplicate');

    expect(await delivery(1)).toMatchObject({ status: 'failed', errorCode: '30003' });
  });

  it('revokes consent when the provider says the person opted out', async () => {
    await update(2, 'failed', { errorCode: '21610', optedOut: true });
    const row = await delivery(2);
    const consent = await runtime.context.db.selectFrom('channelConsents').select('status')
      .where('learnerId', '=', row.learnerId).where('channel', '=', 'simulator')
      .executeTakeFirstOrThrow();
    expect(consent.status).toBe('revoked');
  });

  it('ignores a callback for a message it never sent', async () => {
    expect(await applyStatusUpdate(runtime.context, organizationId, {
      channel: 'simulator', providerMessageId: 'SMnever', status: 'delivered', at: clock.now(),
    })).toBe('unknown_message');
  });
});
