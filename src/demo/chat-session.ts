import { sql } from 'kysely';
import { createJobHandlers } from '../app/job-handlers.ts';
import { startRuntime } from '../app/runtime.ts';
import { generateCourse } from '../authoring/index.ts';
import { readSourceFile } from '../authoring/source-file.ts';
import { TerminalChannel } from '../channels/terminal/terminal-channel.ts';
import { handleInbound } from '../conversation/reply-service.ts';
import { publishCourse } from '../courses/course-repository.ts';
import { DEFAULT_DELIVERY_SETTINGS, saveDeliverySettings } from '../delivery/delivery-settings.ts';
import { enrolLearners } from '../delivery/enrolment-service.ts';
import { createOrganization } from '../organizations/organization-repository.ts';
import { upsertLearners } from '../people/learner-repository.ts';
import { systemClock, type Clock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { counted } from '../shared/counted.ts';

export interface ChatOptions {
  sourcePath: string;
  name: string;
  locale: string;
  timezone: string;
  /** Lines the person types, in order; the session ends when they run out. */
  input: AsyncIterable<string>;
  print: (text: string) => void;
  logger: Logger;
  /** The system clock unless a test fixes the hour. */
  clock?: Clock;
}

export interface ChatSummary {
  lessonsCompleted: number;
  lessonCount: number;
  answers: number;
  correct: number;
}

const ADDRESS = 'you';
const QUIT_WORDS = new Set(['quit', 'exit', ':q']);

/**
 * A person takes a course as a learner, in the terminal, through the same engine the other
 * channels use. Lessons come one after another: instead of waiting for tomorrow's send time,
 * the person types NEXT. Everything lives in memory and is gone when the session ends.
 */
export async function runChatSession(options: ChatOptions): Promise<Result<ChatSummary, string>> {
  const source = await readSourceFile(options.sourcePath);
  if (!source.ok) return err(source.error);
  const draft = generateCourse(source.value);
  if (!draft.ok) return err(draft.error);

  const terminal = new TerminalChannel((text) => options.print(`\n${text}`));
  const runtime = await startRuntime({
    dataDir: 'memory://chat',
    logger: options.logger,
    clock: options.clock ?? systemClock,
    channels: [terminal],
  });
  try {
    const { context } = runtime;
    const handlers = createJobHandlers(context);
    const org = await createOrganization(context.db, { name: 'Chat session' });
    // The person at the terminal asks for lessons now: quiet hours (21:00-07:00 by default)
    // would hold a lesson asked for at 23:00 until morning, with nobody told why.
    const settings = await saveDeliverySettings(context.db, org.id, {
      ...DEFAULT_DELIVERY_SETTINGS,
      quietHours: null,
    });
    if (!settings.ok) throw new Error(settings.error.join('; '));
    const { learnerIds } = await upsertLearners(
      context.db,
      org.id,
      [
        {
          externalId: null,
          fullName: options.name,
          email: 'you@chat.invalid',
          phone: null,
          timezone: options.timezone,
          locale: options.locale,
          title: null,
          department: null,
          managerEmail: null,
          location: null,
          hireDate: null,
          preferredChannel: 'terminal',
        },
      ],
      context.clock.now(),
    );
    const learnerId = learnerIds[0] as string;
    await context.db
      .updateTable('learners')
      .set({ channelIds: JSON.stringify({ terminal: ADDRESS }) })
      .where('id', '=', learnerId)
      .execute();

    const course = await publishCourse(context.db, org.id, draft.value);
    await enrolLearners(context, {
      organizationId: org.id,
      courseVersionId: course.versionId,
      learnerIds,
      channel: 'terminal',
      sendTime: '09:00',
      days: 'daily',
    });
    options.print(
      `"${draft.value.title}": ${counted(draft.value.lessons.length, 'lesson')}. ` +
        'Answer by typing (A, b, "option c", true, 4...). HELP for help, QUIT to leave.',
    );

    // The first lesson now, rather than at tomorrow's send time.
    await context.db
      .updateTable('enrolments')
      .set({ nextSendAt: context.clock.now() })
      .where('learnerId', '=', learnerId)
      .execute();
    await handlers.deliveryTick({});
    await context.jobs.drain(handlers);

    let completedBefore = 0;
    for await (const line of options.input) {
      if (QUIT_WORDS.has(line.trim().toLowerCase())) break;
      if (line.trim() === '') continue;
      await handleInbound(context, terminal.typed(ADDRESS, line, context.clock.now()));
      await context.jobs.drain(handlers);

      const enrolment = await context.db
        .selectFrom('enrolments')
        .select(['status', 'lessonsCompleted'])
        .where('learnerId', '=', learnerId)
        .executeTakeFirstOrThrow();
      if (enrolment.status === 'completed') break;
      if (enrolment.lessonsCompleted > completedBefore) {
        options.print(
          '\n(Lesson done. The next one would come tomorrow at 09:00; ' +
            'type NEXT to have it now.)',
        );
      }
      completedBefore = enrolment.lessonsCompleted;
    }

    return ok(await summarise(runtime.context.db, learnerId, draft.value.lessons.length));
  } finally {
    await runtime.close();
  }
}

async function summarise(
  db: Parameters<typeof upsertLearners>[0],
  learnerId: string,
  lessonCount: number,
): Promise<ChatSummary> {
  const enrolment = await db
    .selectFrom('enrolments')
    .select('lessonsCompleted')
    .where('learnerId', '=', learnerId)
    .executeTakeFirstOrThrow();
  const answers = await db
    .selectFrom('responses')
    .select([
      sql<number>`count(*)`.as('answers'),
      sql<number>`count(*) filter (where correct)`.as('correct'),
    ])
    .where('learnerId', '=', learnerId)
    .executeTakeFirstOrThrow();
  return {
    lessonsCompleted: enrolment.lessonsCompleted,
    lessonCount,
    answers: Number(answers.answers),
    correct: Number(answers.correct),
  };
}
