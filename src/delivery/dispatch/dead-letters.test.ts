import { afterEach, describe, expect, it } from 'vitest';

import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { startDeliveryScenario } from '../../../test/support/delivery-scenario.ts';
import { learner } from '../../../test/support/scenario.ts';
import { storageUnderTest } from '../../../test/support/test-runtime.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { API_PREFIX, createApp } from '../../server/app.ts';
import { deliveryStatus } from '../operations.ts';
import { requeueDeadLetter } from './dead-letters.ts';

type Scenario = Awaited<ReturnType<typeof startDeliveryScenario>>;

let scenario: Scenario | undefined;
afterEach(async () => {
  await scenario?.close();
  scenario = undefined;
});

/** One lesson at 09:00 New York that the provider refuses twice: dead after two attempts. */
async function deadLetterScenario(settings: { fallbackChannels?: string[] } = {}) {
  const started = await startDeliveryScenario({
    start: '2026-06-15T12:00:00Z',
    course: readingCourse(1),
    learners: [learner({ email: 'ana@example.com' })],
    settings,
    dispatcher: { retry: { maxAttempts: 2, baseDelaySeconds: 10, maxDelaySeconds: 10 } },
  });
  started.provider.failNext({ status: 500 }, { status: 500 });
  started.clock.set('2026-06-15T13:00:00Z');
  await started.runUntil('2026-06-15T13:05:00Z');
  return started;
}

const lesson = (s: Scenario) =>
  s.context.db
    .selectFrom('deliveries')
    .select(['id', 'status', 'channel', 'attempts', 'statusHistory'])
    .where('kind', '=', 'lesson')
    .executeTakeFirstOrThrow();

describe(`sending a dead letter again, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('queues it with a fresh attempt budget, and it survives another 500', async () => {
    scenario = await deadLetterScenario();
    const dead = await lesson(scenario);
    expect(dead).toMatchObject({ status: 'dead', attempts: 2 });

    const requeued = await requeueDeadLetter(scenario.context, dead.id);
    expect(requeued).toMatchObject({ ok: true, value: { deliveryId: dead.id, status: 'queued' } });
    expect(await lesson(scenario)).toMatchObject({ status: 'queued', attempts: 0 });
    expect((await lesson(scenario)).statusHistory.at(-1)).toMatchObject({
      status: 'queued',
      requeuedFrom: 'dead',
    });
    expect((await deliveryStatus(scenario.context, scenario.org.id)).deadLetters.total).toBe(0);

    // With the old budget spent, this 500 would have made it dead again at once.
    scenario.provider.failNext({ status: 500 });
    await scenario.runUntil('2026-06-15T13:10:00Z');

    expect(await lesson(scenario)).toMatchObject({ status: 'sent', attempts: 2 });
    const lessons = scenario.provider.visibleMessages().filter((m) => m.key.startsWith('lesson:'));
    expect(lessons).toHaveLength(1);
  });

  it('puts a delivery that fell back on its first channel again, fallbacks open', async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      course: readingCourse(1),
      learners: [learner({ email: 'ana@example.com' })],
      settings: { fallbackChannels: ['email'] },
      dispatcher: { retry: { maxAttempts: 1, baseDelaySeconds: 10, maxDelaySeconds: 10 } },
    });
    // SMS is not configured: the lesson falls back to email, whose one attempt fails.
    await scenario.context.db.updateTable('enrolments').set({ channel: 'sms' }).execute();
    await scenario.context.db.updateTable('learners').set({ phone: '+14155550134' }).execute();
    scenario.provider.failNext({ status: 500 });
    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();
    const dead = await lesson(scenario);
    expect(dead).toMatchObject({ status: 'dead', channel: 'email' });

    const requeued = await requeueDeadLetter(scenario.context, dead.id);
    await scenario.tick();

    expect(requeued).toMatchObject({ ok: true, value: { channel: 'sms' } });
    expect(await lesson(scenario)).toMatchObject({ status: 'sent', channel: 'email' });
  });

  it('refuses a delivery that is not dead or failed, saying its status', async () => {
    scenario = await startDeliveryScenario({
      start: '2026-06-15T12:00:00Z',
      course: readingCourse(1),
      learners: [learner({ email: 'ana@example.com' })],
    });
    scenario.clock.set('2026-06-15T13:00:00Z');
    await scenario.tick();
    const sent = await lesson(scenario);

    expect(await requeueDeadLetter(scenario.context, sent.id)).toEqual({
      ok: false,
      error: {
        kind: 'not_dead_letter',
        status: 'sent',
        message: `Delivery ${sent.id} is sent; only a dead or failed delivery can be sent again`,
      },
    });
    expect(await lesson(scenario)).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe(`POST .../deliveries/{id}/retry, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  const retry = (s: Scenario, org: string, deliveryId: string) =>
    createApp(s.context).request(
      `${API_PREFIX}/organizations/${org}/deliveries/${deliveryId}/retry`,
      { method: 'POST' },
    );

  it('answers 202 and queues the dead letter; 409 when asked again', async () => {
    scenario = await deadLetterScenario();
    const dead = await lesson(scenario);

    const first = await retry(scenario, scenario.org.id, dead.id);
    const again = await retry(scenario, scenario.org.id, dead.id);

    expect(first.status).toBe(202);
    expect(await first.json()).toEqual({
      deliveryId: dead.id,
      status: 'queued',
      channel: 'email',
      nextAttemptAt: '2026-06-15T13:05:00.000Z',
    });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: 'conflict' } });
  });

  it("answers 404 for another organization's delivery and leaves it dead", async () => {
    scenario = await deadLetterScenario();
    const dead = await lesson(scenario);
    const other = await createOrganization(scenario.context.db, { name: 'Other Org' });

    const response = await retry(scenario, other.id, dead.id);

    expect(response.status).toBe(404);
    expect(await lesson(scenario)).toMatchObject({ status: 'dead' });
  });
});
