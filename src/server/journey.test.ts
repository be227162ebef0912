import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { createJobHandlers } from '../app/job-handlers.ts';
import { DEFAULT_POPULATION } from '../channels/simulator/simulated-population.ts';
import { SimulatorChannel } from '../channels/simulator/simulator-channel.ts';
import { createApp } from './app.ts';
import { apiClient, type ErrorBody } from './testing/api-client.ts';
import { BAD_ROSTER, COLD_CHAIN_GUIDE, GOOD_ROSTER } from './testing/fixtures.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
type Item = Record<string, unknown> & { id: string };
interface Page { items: Item[]; total: number }
interface Question { kind: string; options: { key: string; correct: boolean }[] }
interface CourseVersionBody { lessons: { title: string; questions: Question[] }[] }

/**
 * The administrator's main job through the API, step by step on one database: each step
 * builds on the one before, as a person would go through them.
 */
describe(`the API from roster to report (${storageUnderTest})`, () => {
  let runtime: Runtime;
  let api: ReturnType<typeof apiClient>;
  let simulator: SimulatorChannel;
  const base = '/api/v1/organizations/northwind';
  const state = { learnerIds: new Map<string, string>(), cohortId: '', versionId: '' };

  beforeAll(async () => {
    simulator = new SimulatorChannel({
      // Simulated learners stay silent: the test itself answers through the webhook.
      population: { ...DEFAULT_POPULATION, replyRate: 0 },
      answerKey: () => undefined,
      now: () => runtime.clock.now(),
    });
    runtime = await startTestRuntime({ channels: [simulator] });
    api = apiClient(createApp(runtime.context));
  });
  afterAll(async () => {
    await runtime?.close();
  });

  it('creates an organization and finds it by slug and by id', async () => {
    const created = await api.post<Item>('/api/v1/organizations',
      { name: 'Northwind Cold Storage', slug: 'northwind' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Northwind Cold Storage', slug: 'northwind' });

    const bySlug = await api.get<Item>(base);
    const byId = await api.get<Item>(`/api/v1/organizations/${created.body.id}`);
    expect(bySlug.body.id).toBe(created.body.id);
    expect(byId.body.slug).toBe('northwind');
    const list = await api.get<{ items: Item[] }>('/api/v1/organizations');
    expect(list.body.items.map((item) => item.slug)).toContain('northwind');
  });

  it('rejects a roster with bad rows, naming each one, and stores no one', async () => {
    const rejected = await api.postRaw<ErrorBody & { rows: Record<string, unknown>[] }>(
      `${base}/learners/import`, BAD_ROSTER, { 'content-type': 'text/csv' });

    expect(rejected.status).toBe(422);
    expect(rejected.body.error.code).toBe('unprocessable');
    expect(rejected.body.rows).toEqual([
      expect.objectContaining({ line: 3, column: 'email', value: 'kofi.mensah-at-example.com',
        reason: expect.stringContaining('not a valid email address') }),
      expect.objectContaining({ line: 4, column: 'time zone', value: 'Mars/Olympus_Mons',
        reason: expect.stringContaining('not a known IANA timezone') }),
    ]);
    const learners = await api.get<Page>(`${base}/learners`);
    expect(learners.body.total).toBe(0);
  });

  it('imports a good roster, and a second upload updates the same people', async () => {
    const first = await api.postRaw(`${base}/learners/import`, GOOD_ROSTER,
      { 'content-type': 'text/csv; charset=utf-8' });
    const second = await api.postRaw(`${base}/learners/import`, GOOD_ROSTER,
      { 'content-type': 'text/csv' });

    expect(first).toMatchObject({ status: 200, body: { created: 3, updated: 0 } });
    expect(second).toMatchObject({ status: 200, body: { created: 0, updated: 3 } });
  });

  it('lists learners by name, a page at a time', async () => {
    const firstPage = await api.get<Page>(`${base}/learners?limit=2`);
    const secondPage = await api.get<Page>(`${base}/learners?limit=2&offset=2`);

    expect(firstPage.body.total).toBe(3);
    expect(firstPage.body.items.map((learner) => learner.fullName))
      .toEqual(['Ines Moreau', 'Kofi Mensah']);
    expect(secondPage.body.items.map((learner) => learner.fullName)).toEqual(['Lena Vogt']);
    for (const learner of [...firstPage.body.items, ...secondPage.body.items]) {
      state.learnerIds.set(String(learner.fullName), learner.id);
    }
  });

  it('adds one learner from JSON, normalised like a roster row', async () => {
    const created = await api.post<Item>(`${base}/learners`, {
      fullName: 'Omar Haddad', email: 'Omar.Haddad@Example.com', phone: '07700 900202',
      country: 'GB', timezone: 'europe/london', department: 'Dispatch',
    });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ email: 'omar.haddad@example.com',
      phone: '+447700900202', timezone: 'Europe/London', locale: 'en', status: 'active' });
  });

  it('refuses a second learner with the same email, whatever its case', async () => {
    const duplicate = await api.post<ErrorBody>(`${base}/learners`,
      { fullName: 'Someone Else', email: 'INES.MOREAU@example.com', timezone: 'UTC' });

    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error.code).toBe('conflict');
    expect((await api.get<Page>(`${base}/learners`)).body.total).toBe(4);
  });

  it('creates a static cohort and a rule cohort, and previews who a rule matches', async () => {
    const fixed = await api.post<Item>(`${base}/cohorts`, { kind: 'static', name: 'Pilot',
      learnerIds: [state.learnerIds.get('Lena Vogt')] });
    const rule = await api.post<Item>(`${base}/cohorts`,
      { kind: 'rule', name: 'Receiving team', rule: { department: ['Receiving'] } });
    expect(fixed.status).toBe(201);
    expect(rule.status).toBe(201);
    expect(rule.body).toMatchObject({ kind: 'rule', rule: { department: ['Receiving'] } });
    state.cohortId = rule.body.id;

    const members = await api.get<Page>(`${base}/cohorts/${rule.body.id}/members`);
    expect(members.body.total).toBe(2);
    expect(members.body.items.map((member) => member.fullName))
      .toEqual(['Ines Moreau', 'Kofi Mensah']);
    const pilot = await api.get<Page>(`${base}/cohorts/${fixed.body.id}/members`);
    expect(pilot.body.items.map((member) => member.fullName)).toEqual(['Lena Vogt']);
    const list = await api.get<{ items: Item[] }>(`${base}/cohorts`);
    expect(list.body.items.map((cohort) => cohort.name)).toEqual(['Pilot', 'Receiving team']);
  });

  it('generates and publishes a course from a Markdown document', async () => {
    const published = await api.post<Item & { versionId: string; lessons: number }>(
      `${base}/courses`, { sourceName: 'cold-chain.md', format: 'markdown',
        content: COLD_CHAIN_GUIDE });
    expect(published.status).toBe(201);
    expect(published.body).toMatchObject({ version: 1, title: 'Cold Chain Basics' });
    state.versionId = published.body.versionId;

    const version = await api.get<CourseVersionBody>(
      `${base}/course-versions/${state.versionId}`);
    expect(version.status).toBe(200);
    expect(version.body.lessons).toHaveLength(published.body.lessons);
    expect(version.body.lessons[0]?.questions.length).toBeGreaterThan(0);
    const courses = await api.get<{ items: { latestVersion: { id: string } }[] }>(
      `${base}/courses`);
    expect(courses.body.items.map((course) => course.latestVersion.id))
      .toEqual([state.versionId]);
  });

  it("answers 422 with the generator's reason when a document has no prose", async () => {
    const refused = await api.post<ErrorBody>(`${base}/courses`, { sourceName: 'empty.md',
      format: 'markdown', content: '# Heading only\n\n```\nconst x = 1;\n```\n' });

    expect(refused.status).toBe(422);
    expect(refused.body.error.message).toContain('no readable sentences');
  });

  it('enrols a cohort once; enrolling it again changes nothing', async () => {
    const request = { courseVersionId: state.versionId, cohortId: state.cohortId,
      channel: 'simulator', sendTime: '08:30', days: 'weekdays' };
    const first = await api.post(`${base}/enrolments`, request);
    const again = await api.post(`${base}/enrolments`, request);

    expect(first).toMatchObject({ status: 200,
      body: { requested: 2, enrolled: 2, alreadyEnrolled: 0 } });
    expect(again.body).toEqual({ requested: 2, enrolled: 0, alreadyEnrolled: 2 });
    const list = await api.get<Page>(`${base}/enrolments?courseVersionId=${state.versionId}`);
    expect(list.body.total).toBe(2);
    // London keeps GMT until the end of March, so 08:30 local is 08:30 UTC.
    expect(list.body.items.map((enrolment) => enrolment.nextSendAt))
      .toEqual(['2026-03-02T08:30:00.000Z', '2026-03-02T08:30:00.000Z']);
  });

  it('grades a reply that arrives through the simulator webhook', async () => {
    runtime.clock.set('2026-03-02T08:31:00Z');
    await runtime.context.jobs.send('deliveryTick', { at: runtime.clock.now().toISOString() });
    await runtime.context.jobs.drain(createJobHandlers(runtime.context));
    const ines = state.learnerIds.get('Ines Moreau') ?? '';
    expect(simulator.transcript.some((entry) => entry.to === ines)).toBe(true);

    const version = await api.get<CourseVersionBody>(
      `${base}/course-versions/${state.versionId}`);
    const question = version.body.lessons[0]?.questions[0];
    const received = await api.postRawText(`/webhooks/simulator/northwind`,
      JSON.stringify({ from: ines, id: 'reply-1', text: answerLetter(question) }),
      { 'content-type': 'application/json' });
    await runtime.context.jobs.drain(createJobHandlers(runtime.context));

    expect(received.status).toBe(200);
    const handled = await runtime.context.db.selectFrom('inboundMessages').select('outcome')
      .where('providerMessageId', '=', 'reply-1').execute();
    expect(handled).toEqual([{ outcome: 'graded' }]);
  });

  it('reports enrolments, lessons sent and answers for the course version', async () => {
    const report = await api.get(`${base}/course-versions/${state.versionId}/report`);

    expect(report.status).toBe(200);
    expect(report.body).toMatchObject({ courseVersionId: state.versionId,
      courseTitle: 'Cold Chain Basics', enrolled: 2, completed: 0, lessonsSent: 2, answers: 1 });
  });
});

/** The letter of the right option, as a learner would type it; any text for open questions. */
function answerLetter(question: Question | undefined): string {
  const index = question?.options.findIndex((option) => option.correct) ?? -1;
  return index < 0 ? 'I will check the probe readings more carefully.'
    : String.fromCharCode(65 + index);
}
