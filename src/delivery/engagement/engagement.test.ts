import { DateTime } from 'luxon';
import { afterEach, describe, expect, it } from 'vitest';

import { quizCourse, readingCourse } from '../../../test/support/course-fixtures.ts';
import {
  enrolledScenario,
  learner,
  silentSimulator,
  tickAndDrain,
} from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { readCommand, snoozeDays } from '../../conversation/reply-commands.ts';
import { handleInbound } from '../../conversation/reply-service.ts';
import { ManualClock } from '../../shared/clock.ts';
import { DEFAULT_DELIVERY_SETTINGS, saveDeliverySettings } from '../delivery-settings.ts';
import { learnedSendTime } from './send-time.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
const zone = 'Europe/London';
const local = (instant: Date) =>
  DateTime.fromJSDate(instant, { zone }).toFormat('yyyy-MM-dd HH:mm');

let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
});

async function start(
  course = readingCourse(6),
  settings = {},
  schedule: { days?: 'daily' | 'weekdays'; from?: string } = {},
) {
  const clock = new ManualClock(schedule.from ?? '2026-06-15T06:00:00Z');
  const simulator = silentSimulator(clock);
  runtime = await startTestRuntime({ clock, channels: [simulator] });
  const scenario = await enrolledScenario(
    runtime,
    course,
    [learner({ email: 'ana@example.com', timezone: zone })],
    { days: schedule.days },
  );
  await saveDeliverySettings(runtime.context.db, scenario.org.id, {
    ...DEFAULT_DELIVERY_SETTINGS,
    ...settings,
  });
  const learnerId = scenario.learnerIds[0] as string;
  const active = runtime;
  let sequence = 0;
  return {
    clock,
    simulator,
    say: async (text: string) => {
      sequence += 1;
      return handleInbound(active.context, {
        channel: 'simulator',
        sender: learnerId,
        text,
        providerMessageId: `m${sequence}`,
        receivedAt: clock.now(),
      });
    },
    /** Ticks every hour on the hour until `until`. */
    hourly: async (until: string) => {
      for (;;) {
        const next = (Math.floor(clock.now().getTime() / 3_600_000) + 1) * 3_600_000;
        if (next > new Date(until).getTime()) return;
        clock.set(new Date(next));
        await tickAndDrain(active);
      }
    },
    sentLessons: async () =>
      (
        await active.context.db
          .selectFrom('deliveries')
          .select('sentAt')
          .where('kind', '=', 'lesson')
          .where('status', '=', 'sent')
          .orderBy('sentAt')
          .execute()
      ).map((row) => local(row.sentAt as Date)),
  };
}

describe('PAUSE and SNOOZE as chat commands', () => {
  it.each([
    ['PAUSE', 'pause', null],
    ['pausa', 'pause', null],
    ['SNOOZE 3 DAYS', 'snooze', 3],
    ['snooze for 2 days', 'snooze', 2],
    ['Snooze', 'snooze', 1],
    ['posponer 5 dias', 'snooze', 5],
    ['snooze 90 days', 'snooze', 30],
  ])('reads "%s" as %s for %s days', (text, command, days) => {
    expect(readCommand(text)).toBe(command);
    expect(snoozeDays(text)).toBe(days);
  });

  it('does not read an answer that mentions a pause as a command', () => {
    expect(readCommand('pause the machine before cleaning')).toBeNull();
  });
});

describe(`pausing, snoozing and catching up, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('holds lessons after PAUSE and resumes after START one a day, no backlog', async () => {
    const s = await start();
    await s.hourly('2026-06-15T09:00:00Z');
    await s.say('PAUSE');
    await s.hourly('2026-06-19T12:00:00Z');
    expect(await s.sentLessons()).toEqual(['2026-06-15 09:00']);

    await s.say('START');
    await s.hourly('2026-06-21T12:00:00Z');
    expect(await s.sentLessons()).toEqual([
      '2026-06-15 09:00',
      '2026-06-20 09:00',
      '2026-06-21 09:00',
    ]);
  });

  it('snoozes for 3 days with a confirmation, then carries on by itself', async () => {
    const s = await start();
    await s.hourly('2026-06-15T09:00:00Z');
    s.clock.set('2026-06-15T10:00:00Z');
    expect(await s.say('SNOOZE 3 DAYS')).toBe('command');
    expect(s.simulator.transcript.at(-1)?.text).toBe(
      'Your lessons are paused for 3 days. Reply START to resume sooner.',
    );

    await s.hourly('2026-06-20T12:00:00Z');
    expect(await s.sentLessons()).toEqual([
      '2026-06-15 09:00',
      '2026-06-19 09:00',
      '2026-06-20 09:00',
    ]);
  });
});

describe(`commands that cannot do what they ask, on ${storageUnderTest}`, () => {
  it('says the lessons are paused when NEXT comes during a pause', async () => {
    const s = await start();
    await s.hourly('2026-06-15T09:00:00Z');
    await s.say('PAUSE');

    expect(await s.say('NEXT')).toBe('command');

    expect(s.simulator.transcript.at(-1)?.text).toBe(
      'Your lessons are paused. Reply START to continue, then NEXT for the next lesson.',
    );
    expect(await s.sentLessons()).toEqual(['2026-06-15 09:00']);
  });

  it('says there is nothing to send when NEXT comes after the last lesson', async () => {
    const s = await start(readingCourse(1));
    await s.hourly('2026-06-16T09:00:00Z');

    await s.say('NEXT');

    expect(s.simulator.transcript.at(-1)?.text).toBe('There is no new lesson to send right now.');
  });

  it('tells the learner a snooze longer than a month was shortened to 30 days', async () => {
    const s = await start();
    await s.hourly('2026-06-15T09:00:00Z');

    await s.say('SNOOZE 99 DAYS');

    expect(s.simulator.transcript.at(-1)?.text).toBe(
      'A snooze lasts at most 30 days, so your lessons are paused for 30 days. ' +
        'Reply START to resume sooner.',
    );
  });
});

describe(`reminders for unanswered questions, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('reminds up to the count at the interval, and stops once answered', async () => {
    const s = await start(quizCourse(), { reminderCount: 2, reminderIntervalHours: 3 });
    await s.hourly('2026-06-15T14:00:00Z');

    const reminders = () =>
      runtime?.context.db
        .selectFrom('deliveries')
        .select(['sentAt', 'status'])
        .where('kind', '=', 'reminder')
        .orderBy('createdAt')
        .execute();
    expect((await reminders())?.map((row) => local(row.sentAt as Date))).toEqual([
      '2026-06-15 12:00',
      '2026-06-15 15:00',
    ]);

    await s.say('b');
    await s.say('b');
    await s.hourly('2026-06-16T06:00:00Z');
    const texts = s.simulator.transcript.filter((entry) => entry.text.startsWith('A reminder'));
    expect(texts).toHaveLength(2);
  });
});

describe(`nudges on days off, on ${storageUnderTest}`, { timeout: 120_000 }, () => {
  it('holds the reminder of a Friday lesson for Monday in a weekdays cadence', async () => {
    // Friday 2026-06-19, 06:00 UTC; lessons at 09:00 London time on weekdays.
    const s = await start(
      quizCourse(),
      { reminderCount: 1, reminderIntervalHours: 24 },
      { days: 'weekdays', from: '2026-06-19T06:00:00Z' },
    );
    await s.hourly('2026-06-22T10:00:00Z');

    const reminders = await runtime?.context.db
      .selectFrom('deliveries')
      .select(['sentAt', 'status'])
      .where('kind', '=', 'reminder')
      .execute();
    const sentDays = (reminders ?? [])
      .filter((row) => row.sentAt !== null)
      .map((row) => local(row.sentAt as Date).slice(0, 10));
    expect(await s.sentLessons()).toEqual(['2026-06-19 09:00', '2026-06-22 09:00']);
    expect(sentDays.filter((day) => day === '2026-06-20' || day === '2026-06-21')).toEqual([]);
  });
});

describe('send time learned from reply delays', () => {
  const day = (n: number, sent: string, received: string) => ({
    sentAt: new Date(`2026-06-${10 + n}T${sent}Z`),
    receivedAt: new Date(`2026-06-${10 + n}T${received}Z`),
  });

  it('moves to the local time replies come in when they come hours late', () => {
    const samples = [1, 2, 3, 4, 5].map((n) => day(n, '08:00:00', `11:${20 + n}:00`));
    // 11:23 UTC is 12:23 in London in June; rounded to the quarter hour.
    expect(learnedSendTime(samples, zone)).toBe('12:30');
  });

  it('keeps the current time when replies come within half an hour, or too few', () => {
    const prompt = [1, 2, 3, 4, 5].map((n) => day(n, '08:00:00', '08:10:00'));
    expect(learnedSendTime(prompt, zone)).toBeUndefined();
    expect(learnedSendTime(prompt.slice(0, 4), zone)).toBeUndefined();
  });

  it('never learns a time in the night', () => {
    const lateNight = [1, 2, 3, 4, 5].map((n) => day(n, '08:00:00', '22:30:00'));
    expect(learnedSendTime(lateNight, zone)).toBe('20:00');
  });
});
