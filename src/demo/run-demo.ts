import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { buildCourseReport, type CourseReport } from '../analytics/course-report.ts';
import type { EngineContext } from '../app/context.ts';
import { startRuntime } from '../app/runtime.ts';
import { generateCourse } from '../authoring/index.ts';
import { readSourceFile } from '../authoring/source-file.ts';
import { SimulatorChannel, type AnswerKey } from '../channels/simulator/simulator-channel.ts';
import { DEFAULT_POPULATION } from '../channels/simulator/simulated-population.ts';
import { publishCourse } from '../courses/course-repository.ts';
import { enrolLearners } from '../delivery/enrolment-service.ts';
import { createStaticCohort } from '../people/cohort-repository.ts';
import { formatRosterErrors, parseRosterCsv } from '../people/roster-csv.ts';
import { importRosterCsv } from '../people/roster-import.ts';
import { ManualClock } from '../shared/clock.ts';
import type { Logger } from '../shared/logger.ts';
import { err, ok, type Result } from '../shared/result.ts';
import { closeOutDemo, type DemoCloseOut } from './close-out.ts';
import { replaceDemoOrganization } from './demo-organization.ts';
import { runSimulation, type SimulationProgress } from './simulation.ts';
import { simulationSeed } from './simulation-seed.ts';

export const SAMPLE_ROSTER = fileURLToPath(new URL('../../samples/roster.csv', import.meta.url));
export const SAMPLE_SOURCE = fileURLToPath(
  new URL('../../samples/warehouse-safety-handbook.md', import.meta.url),
);

export interface DemoOptions {
  databaseUrl?: string;
  dataDir: string;
  /** PostgreSQL schema on a server; tests give each run its own. */
  schema?: string;
  sourcePath: string;
  rosterPath: string;
  /** Simulated start; Monday 2 March 2026, so the run crosses the US daylight-saving change. */
  start: Date;
  /** Joined with a digest of the document's text: the same document and seed, the same run. */
  seed: string;
  days: 'daily' | 'weekdays';
  sendTime: string;
  logger: Logger;
  onStage?: (stage: string) => void;
  onProgress?: (progress: SimulationProgress) => void;
}

export interface DemoResult {
  organizationName: string;
  organizationSlug: string;
  /** Slugs of earlier demo organizations this run deleted and replaced. */
  replacedOrganizations: string[];
  /** The document the course was generated from, as its file name. */
  sourceName: string;
  learners: number;
  lessons: number;
  questions: number;
  report: CourseReport;
  simulatedDays: number;
  /** What ending the demo withdrew and cancelled, so nothing of it is left to send. */
  closedOut: DemoCloseOut;
  dataLocation: string;
  storage: 'embedded' | 'postgres';
}

/** Spare simulated days after the last lesson, for late answers to come in. */
const GRACE_DAYS = 3;

/**
 * The main job, end to end: an organization (replacing the previous demo's), a roster, a
 * course generated from a document, a cohort enrolled, simulated days of delivery and answers,
 * the end of the demo (nothing of its organization is left to send), and the report.
 */
export async function runDemo(options: DemoOptions): Promise<Result<DemoResult, string>> {
  const stage = options.onStage ?? (() => undefined);

  const source = await readSourceFile(options.sourcePath);
  if (!source.ok) return err(source.error);
  const draft = generateCourse(source.value);
  if (!draft.ok) return err(draft.error);
  const rosterText = await readFile(options.rosterPath, 'utf8').catch(() => undefined);
  if (rosterText === undefined) return err(`${options.rosterPath}: roster file not found`);
  // Checked before anything is stored, so a bad roster leaves no half-made organization.
  const roster = parseRosterCsv(rosterText);
  if (!roster.ok) {
    return err(
      `${options.rosterPath}: nothing imported\n` + formatRosterErrors(roster.error).join('\n'),
    );
  }
  if (roster.value.length === 0) return err(`${options.rosterPath}: the roster lists no employees`);

  const clock = new ManualClock(options.start);
  const answerKeys = new Map<string, AnswerKey>();
  const emails = new Map<string, string>();
  const simulator = new SimulatorChannel({
    population: { ...DEFAULT_POPULATION, seed: simulationSeed(options.seed, source.value.content) },
    answerKey: (questionId) => answerKeys.get(questionId),
    now: () => clock.now(),
    learnerKey: (learnerId) => emails.get(learnerId) ?? learnerId,
  });

  stage(`Opening storage`);
  const runtime = await startRuntime({
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir,
    schema: options.schema,
    logger: options.logger,
    clock,
    channels: [simulator],
  });
  try {
    const { context } = runtime;
    stage('Setting up the demo organization');
    const { organization, replaced } = await replaceDemoOrganization(context.db);

    stage('Importing the roster');
    const imported = await importRosterCsv(context.db, organization.id, rosterText, clock.now());
    if (!imported.ok) {
      return err(
        `${options.rosterPath}: nothing imported\n` + formatRosterErrors(imported.error).join('\n'),
      );
    }
    const learners = await context.db
      .selectFrom('learners')
      .select(['id', 'email'])
      .where('organizationId', '=', organization.id)
      .execute();
    for (const learner of learners) emails.set(learner.id, learner.email);

    stage(`Generating a course from ${source.value.name}`);
    const published = await publishCourse(context.db, organization.id, draft.value);
    await rememberAnswerKeys(runtime.context, published.versionId, answerKeys);

    stage('Enrolling everyone');
    const cohort = await createStaticCohort(
      context.db,
      organization.id,
      'Everyone',
      imported.value.learnerIds,
    );
    await enrolLearners(context, {
      organizationId: organization.id,
      courseVersionId: published.versionId,
      learnerIds: imported.value.learnerIds,
      cohortId: cohort.id,
      channel: 'simulator',
      sendTime: options.sendTime,
      days: options.days,
    });

    stage('Running simulated days');
    const lessonCount = draft.value.lessons.length;
    const calendarDays =
      options.days === 'weekdays' ? Math.ceil((lessonCount * 7) / 5) + 2 : lessonCount + 1;
    const until = new Date(options.start.getTime() + (calendarDays + GRACE_DAYS) * 86_400_000);
    const progress = await runSimulation({
      context,
      clock,
      simulator,
      until,
      organizationId: organization.id,
      onProgress: options.onProgress,
    }).catch(async (error: unknown) => {
      // A failed run ends its demo too, so what it queued is not sent by a later serve.
      await closeOutDemo(context.db, organization.id, clock.now()).catch((closeError) =>
        options.logger.error({ err: closeError }, 'demo organization not closed out'),
      );
      throw error;
    });

    stage('Ending the demo');
    const closedOut = await closeOutDemo(context.db, organization.id, clock.now());

    return ok({
      organizationName: organization.name,
      organizationSlug: organization.slug,
      replacedOrganizations: replaced,
      sourceName: source.value.name,
      learners: imported.value.learnerIds.length,
      lessons: lessonCount,
      questions: draft.value.lessons.reduce((sum, lesson) => sum + lesson.questions.length, 0),
      report: await buildCourseReport(context.db, published.versionId),
      simulatedDays: (progress.at.getTime() - options.start.getTime()) / 86_400_000,
      closedOut,
      dataLocation: runtime.database.location,
      storage: runtime.database.kind,
    });
  } finally {
    await runtime.close();
  }
}

async function rememberAnswerKeys(
  context: EngineContext,
  versionId: string,
  keys: Map<string, AnswerKey>,
): Promise<void> {
  const questions = await context.db
    .selectFrom('questions')
    .innerJoin('lessons', 'lessons.id', 'questions.lessonId')
    .select(['questions.id', 'questions.kind', 'questions.options'])
    .where('lessons.courseVersionId', '=', versionId)
    .execute();
  for (const question of questions) {
    keys.set(question.id, {
      kind: question.kind,
      optionKeys: question.options.map((option) => option.key),
      correctKey: question.options.find((option) => option.correct)?.key ?? null,
    });
  }
}
