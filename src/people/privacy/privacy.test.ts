import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCourse } from '../../courses/course-repository.ts';
import { createLogger } from '../../shared/logger.ts';
import { ManualClock } from '../../shared/clock.ts';
import { readingCourse } from '../../../test/support/course-fixtures.ts';
import { silentSimulator, tickAndDrain } from '../../../test/support/scenario.ts';
import { startTestRuntime, storageUnderTest } from '../../../test/support/test-runtime.ts';
import { Hono } from 'hono';
import { createOrganization } from '../../organizations/organization-repository.ts';
import { enrolLearners } from '../../delivery/enrolment-service.ts';
import { listAudit } from '../audit/person-audit.ts';
import {
  linkChannelIdentity,
  listChannelIdentities,
  recordChannelConsent,
} from '../identity/channel-identity.ts';
import { importPeopleCsv } from '../import/people-import.ts';
import { createPerson } from '../person-writer.ts';
import { createScimApp } from '../scim/scim-app.ts';
import { rotateScimToken } from '../scim/scim-tokens.ts';
import { ERASED_NAME, eraseLearner, erasedEmail } from './learner-erasure.ts';
import { exportLearner } from './learner-export.ts';

describe(`privacy on ${storageUnderTest}`, () => {
  const clock = new ManualClock('2026-03-02T07:00:00Z');
  const simulator = silentSimulator(clock);
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  let organizationId: string;
  let anaId: string;
  let versionId: string;

  beforeAll(async () => {
    runtime = await startTestRuntime({ clock, channels: [simulator] });
    const db = runtime.context.db;
    organizationId = (await createOrganization(db, { name: 'Private Ltd' })).id;
    const ana = await createPerson(
      db,
      organizationId,
      {
        email: 'ana.lopez@private.example',
        fullName: 'Ana López',
        timezone: 'Europe/Madrid',
        phone: '+34612345678',
        department: 'Finance',
        title: 'Controller',
        hireDate: '2024-05-06',
        preferredChannel: 'simulator',
        customFields: { badge: 'B-77' },
      },
      'csv:staff.csv',
      clock.now(),
    );
    anaId = ana.id;
    versionId = (await publishCourse(db, organizationId, readingCourse(3))).versionId;
    await enrolLearners(runtime.context, {
      organizationId,
      courseVersionId: versionId,
      learnerIds: [anaId],
      channel: 'simulator',
      sendTime: '09:00',
      days: 'daily',
    });
    clock.set('2026-03-02T08:00:01Z');
    await tickAndDrain(runtime);
  });
  afterAll(() => runtime.close());

  const learner = () =>
    runtime.context.db
      .selectFrom('learners')
      .selectAll()
      .where('id', '=', anaId)
      .executeTakeFirstOrThrow();

  describe('channel identities and consent', () => {
    it('links Slack and a phone and records consent with its time and source', async () => {
      const db = runtime.context.db;
      const slack = await linkChannelIdentity(
        db,
        await learner(),
        'slack',
        'U024BE7LH',
        'api',
        clock.now(),
      );
      const phone = await linkChannelIdentity(
        db,
        await learner(),
        'sms',
        '612 345 679',
        'api',
        clock.now(),
      );
      clock.set('2026-03-02T08:30:00Z');
      await recordChannelConsent(
        db,
        await learner(),
        'sms',
        'granted',
        'signed form 2026-03',
        'api',
        clock.now(),
      );

      const identities = await listChannelIdentities(db, await learner());

      expect(slack.ok && phone.ok).toBe(true);
      expect(identities.filter((identity) => ['sms', 'slack'].includes(identity.channel))).toEqual([
        {
          channel: 'sms',
          address: '+34612345679',
          consent: {
            status: 'granted',
            source: 'signed form 2026-03',
            recordedAt: '2026-03-02T08:30:00.000Z',
          },
        },
        { channel: 'slack', address: 'U024BE7LH', consent: null },
      ]);
    });

    it('refuses a Slack id that belongs to another learner', async () => {
      const db = runtime.context.db;
      const other = await createPerson(
        db,
        organizationId,
        { email: 'bo@private.example', fullName: 'Bo', timezone: 'UTC' },
        'api',
        clock.now(),
      );

      const result = await linkChannelIdentity(db, other, 'slack', 'U024BE7LH', 'api', clock.now());

      expect(result).toEqual({
        ok: false,
        error: { kind: 'taken', reason: 'slack id U024BE7LH already belongs to another learner' },
      });
    });

    it('links a Teams id with its consent, then unlinks it, auditing both changes', async () => {
      const db = runtime.context.db;
      const teamsId = '29:1a2B3c-teams-user';
      const cy = await createPerson(
        db,
        organizationId,
        { email: 'cy@private.example', fullName: 'Cy', timezone: 'UTC' },
        'api',
        clock.now(),
      );
      const linked = await linkChannelIdentity(db, cy, 'teams', teamsId, 'api', clock.now());
      if (!linked.ok) throw new Error(linked.error.reason);
      await recordChannelConsent(
        db,
        linked.value,
        'teams',
        'revoked',
        'learner reply',
        'api',
        clock.now(),
      );
      const teamsOf = async (row: typeof cy) =>
        (await listChannelIdentities(db, row)).find((identity) => identity.channel === 'teams');
      const whileLinked = await teamsOf(linked.value);

      const unlinked = await linkChannelIdentity(
        db,
        linked.value,
        'teams',
        null,
        'api',
        clock.now(),
      );
      if (!unlinked.ok) throw new Error(unlinked.error.reason);
      const trail = await listAudit(db, organizationId, cy.id);

      expect(whileLinked).toEqual({
        channel: 'teams',
        address: teamsId,
        consent: {
          status: 'revoked',
          source: 'learner reply',
          recordedAt: clock.now().toISOString(),
        },
      });
      expect((await teamsOf(unlinked.value))?.address).toBeNull();
      expect(trail.filter((entry) => entry.action === 'channel_linked')).toMatchObject([
        { changes: { teams: { from: null, to: teamsId } } },
        { changes: { teams: { from: teamsId, to: null } } },
      ]);
    });
  });

  describe('export', () => {
    it('holds the record, consents, enrolments, deliveries, events and audit trail', async () => {
      const exported = await exportLearner(
        runtime.context.db,
        organizationId,
        anaId,
        'api',
        clock.now(),
      );
      if (!exported.ok) throw new Error(exported.error);
      const document = exported.value;

      expect(document).toMatchObject({
        format: 'inflow-learner-export/1',
        organization: { id: organizationId, name: 'Private Ltd' },
        learner: {
          id: anaId,
          fullName: 'Ana López',
          email: 'ana.lopez@private.example',
          phone: '+34612345679',
          department: 'Finance',
          customFields: { badge: 'B-77' },
          channelIds: { slack: 'U024BE7LH' },
        },
      });
      expect(document.channelConsents.map((consent) => consent.channel)).toEqual([
        'simulator',
        'sms',
      ]);
      expect(document.enrolments).toMatchObject([{ course: 'Daily reading', status: 'active' }]);
      expect(document.deliveries).toMatchObject([{ kind: 'lesson', status: 'sent' }]);
      expect(document.learningEvents.map((event) => event.type)).toContain('lesson_sent');
      expect(document.auditTrail.map((entry) => entry.action)).toEqual([
        'created',
        'channel_linked',
        'channel_linked',
        'consent_recorded',
      ]);
      expect(JSON.parse(JSON.stringify(document))).toEqual(
        expect.objectContaining({ exportedAt: '2026-03-02T08:30:00.000Z' }),
      );
    });

    it('is itself recorded in the audit trail', async () => {
      const trail = await listAudit(runtime.context.db, organizationId, anaId);

      expect(trail.at(-1)).toMatchObject({ actor: 'api', action: 'exported' });
    });
  });

  describe('erasure', () => {
    let countsBefore: Record<string, number>;
    beforeAll(async () => {
      const db = runtime.context.db;
      const count = async (table: 'deliveries' | 'learningEvents' | 'enrolments') =>
        (await db.selectFrom(table).select('id').where('learnerId', '=', anaId).execute()).length;
      countsBefore = {
        deliveries: await count('deliveries'),
        events: await count('learningEvents'),
        enrolments: await count('enrolments'),
      };
      const erased = await eraseLearner(
        db,
        organizationId,
        anaId,
        'api:dpo@private.example',
        clock.now(),
      );
      if (!erased.ok) throw new Error(erased.error);
    });

    it('removes every personal value from the learner row', async () => {
      const row = await learner();

      expect(row).toMatchObject({
        fullName: ERASED_NAME,
        email: erasedEmail(anaId),
        phone: null,
        channelIds: {},
        externalId: null,
        title: null,
        department: null,
        hireDate: null,
        customFields: {},
        scimAttributes: {},
        status: 'offboarded',
        erasedAt: clock.now(),
      });
      const text = JSON.stringify(row);
      for (const personal of [
        'López',
        'ana.lopez',
        '612345679',
        'U024BE7LH',
        'B-77',
        'Controller',
      ]) {
        expect(text).not.toContain(personal);
      }
    });

    it('keeps the anonymous aggregates: deliveries, learning events, enrolments', async () => {
      const db = runtime.context.db;
      const count = async (table: 'deliveries' | 'learningEvents' | 'enrolments') =>
        (await db.selectFrom(table).select('id').where('learnerId', '=', anaId).execute()).length;

      expect({
        deliveries: await count('deliveries'),
        events: await count('learningEvents'),
        enrolments: await count('enrolments'),
      }).toEqual(countsBefore);
      expect(
        await db
          .selectFrom('enrolments')
          .select(['status', 'lessonsCompleted'])
          .where('learnerId', '=', anaId)
          .execute(),
      ).toEqual([{ status: 'withdrawn', lessonsCompleted: 1 }]);
    });

    it('drops consents and blanks audit values, keeping who and when', async () => {
      const db = runtime.context.db;
      const trail = await listAudit(db, organizationId, anaId);
      const consents = await db
        .selectFrom('channelConsents')
        .selectAll()
        .where('learnerId', '=', anaId)
        .execute();

      expect(consents).toEqual([]);
      expect(trail[0]).toMatchObject({ actor: 'csv:staff.csv', action: 'created' });
      expect(trail.at(-1)).toMatchObject({ actor: 'api:dpo@private.example', action: 'erased' });
      expect(JSON.stringify(trail)).not.toContain('ana.lopez');
      expect(JSON.stringify(trail)).not.toContain('+34');
    });

    it('never delivers to the erased learner again', async () => {
      const before = simulator.transcript.filter((entry) => entry.to === anaId).length;

      for (const day of ['2026-03-03', '2026-03-04', '2026-03-05']) {
        clock.set(`${day}T08:00:01Z`);
        await tickAndDrain(runtime);
      }

      expect(simulator.transcript.filter((entry) => entry.to === anaId)).toHaveLength(before);
    });

    it('answers not found when asked to erase the same learner again', async () => {
      const again = await eraseLearner(
        runtime.context.db,
        organizationId,
        anaId,
        'api',
        clock.now(),
      );

      expect(again).toEqual({ ok: false, error: 'not_found' });
    });
  });

  describe('logs', () => {
    it('never carry names, emails or phone numbers of the people a request is about', async () => {
      const lines: string[] = [];
      const logger = createLogger({
        level: 'debug',
        destination: new Writable({
          write(chunk: Buffer, _encoding, done) {
            lines.push(chunk.toString());
            done();
          },
        }),
      });
      const context = { ...runtime.context, logger };
      const organization = await createOrganization(runtime.context.db, {
        name: 'Logged',
        slug: 'logged',
      });
      const token = await rotateScimToken(runtime.context.db, organization.id, clock.now());
      const server = new Hono().route('/scim/v2/:org', createScimApp(context));
      const call = (method: string, path: string, body?: unknown) =>
        server.request(`https://inflow.test/scim/v2/logged${path}`, {
          method,
          headers: { Authorization: `Bearer ${token}` },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        });

      const created = await call('POST', '/Users', {
        userName: 'zoe.quiet@logged.example',
        displayName: 'Zoë Quiet',
        phoneNumbers: [{ value: '+447700900123', type: 'mobile' }],
      });
      const id = ((await created.json()) as { id: string }).id;
      await call('PATCH', `/Users/${id}`, {
        Operations: [{ op: 'replace', path: 'active', value: 'nope' }],
      });
      await call('DELETE', `/Users/${id}`);
      await importPeopleCsv(
        runtime.context.db,
        organization.id,
        'email,name,timezone\nyan.secret@logged.example,Yan Secret,UTC\nbad,Bad Row,UTC',
        { fileName: 'staff.csv' },
        clock.now(),
      );

      const text = lines.join('');
      expect(lines.length).toBeGreaterThan(0);
      for (const personal of ['zoe.quiet', 'Zoë', '7700900123', 'yan.secret', 'Yan Secret']) {
        expect(text).not.toContain(personal);
      }
    });
  });
});
