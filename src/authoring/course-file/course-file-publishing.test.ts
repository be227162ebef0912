import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it, vi } from 'vitest';

import { learner, silentSimulator, tickAndDrain } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { main } from '../../cli/main.ts';
import { configFor, loggerFor, openRuntime } from '../../cli/runtime-options.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { upsertLearners } from '../../people/learner-repository.ts';
import { API_PREFIX, createApp } from '../../server/app.ts';
import { apiClient } from '../../server/testing/api-client.ts';
import { ManualClock, systemClock } from '../../shared/clock.ts';
import { ADAPTIVE_COURSE_FILE } from './fixtures/adaptive-course-file.ts';

type Runtime = Awaited<ReturnType<typeof startTestRuntime>>;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.close();
  runtime = undefined;
  vi.restoreAllMocks();
});

describe(`a course file with a path and role variants, on ${storageUnderTest}`, () => {
  it('publishes over the API, exports byte for byte, and sends each role its text', async () => {
    const clock = new ManualClock('2026-03-02T13:00:00Z');
    const simulator = silentSimulator(clock);
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const { context } = runtime;
    const org = await createOrganization(context.db, { name: 'Adaptive Org' });
    const app = createApp(context);
    const api = apiClient(app);
    const base = `${API_PREFIX}/organizations/${org.id}/authoring`;

    const draft = await api.postRaw<{ id: string }>(`${base}/drafts/import`, ADAPTIVE_COURSE_FILE, {
      'content-type': 'application/yaml',
    });
    expect(draft.status).toBe(201);
    // The hand-written file fails some quality gates; it is published as it is on purpose.
    const published = await api.post<{ versionId: string }>(
      `${base}/drafts/${draft.body.id}/publish`,
      { acceptReview: true },
    );
    expect(published.status).toBe(201);
    const exported = await app.request(
      `${base}/course-versions/${published.body.versionId}/course-file`,
    );
    expect(await exported.text()).toBe(ADAPTIVE_COURSE_FILE);

    const { learnerIds } = await upsertLearners(
      context.db,
      org.id,
      [
        learner({ email: 'driver@example.com', title: 'Forklift Driver' }),
        learner({ email: 'clerk@example.com', title: 'Clerk' }),
      ],
      clock.now(),
    );
    await enrolLearners(context, {
      organizationId: org.id,
      courseVersionId: published.body.versionId,
      learnerIds,
      channel: 'simulator',
      sendTime: '09:00',
      days: 'daily',
    });
    clock.set('2026-03-02T14:00:01Z');
    await tickAndDrain(runtime);

    const [driver, clerk] = learnerIds.map(
      (id) => simulator.transcript.find((entry) => entry.to === id)?.text ?? '',
    );
    expect(driver).toContain('Spills on the loading dock');
    expect(driver).toContain('Stop the truck before you step down.');
    expect(driver).not.toContain('Report a spill to your shift lead');
    expect(clerk).toContain('Report a spill to your shift lead within 30 minutes.');
    expect(clerk).not.toContain('loading dock');
  }, 120_000);
});

describe('inflow course import and export with a path and role variants', () => {
  it('writes back the file it imported, byte for byte', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'inflow-adaptive-cli-'));
    try {
      const output: string[] = [];
      vi.spyOn(console, 'log').mockImplementation((line: string) => void output.push(line));
      vi.spyOn(console, 'error').mockImplementation((line: string) => void output.push(line));
      const dataDir = join(folder, 'data');
      const courseFile = join(folder, 'spills.course.yaml');
      writeFileSync(courseFile, ADAPTIVE_COURSE_FILE);
      const config = { ...configFor({ dataDir }), databaseUrl: undefined };
      const setup = await openRuntime(
        config,
        loggerFor({ ...config, logLevel: 'silent' }),
        systemClock,
      );
      await createOrganization(setup.context.db, { name: 'Acme', slug: 'acme' });
      await setup.close();

      const importing = ['course', 'import', courseFile, '--org', 'acme', '--data-dir', dataDir,
        '--accept-review'];
      expect(await main(['node', 'inflow', ...importing])).toBe(0);
      const versionId = /version id ([0-9a-f-]{36})/.exec(output.join('\n'))?.[1] ?? '';
      const exported = join(folder, 'exported.course.yaml');
      const exporting = ['course', 'export', versionId, '--out', exported, '--data-dir', dataDir];
      expect(await main(['node', 'inflow', ...exporting])).toBe(0);

      expect(readFileSync(exported, 'utf8')).toBe(ADAPTIVE_COURSE_FILE);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 120_000);
});
