import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from './database.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  startTestRuntime,
  storageUnderTest,
  testSchemaName,
} from '../../test/support/test-runtime.ts';
import { MIGRATION_NAMES, migrateToLatest } from './migrate.ts';

describe(`migrations on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  it('applies every migration once, and nothing on the next start', async () => {
    const applied = await runtime.database.db
      .selectFrom('kysely_migration' as never)
      .select(sql<string>`name`.as('name'))
      .execute();
    expect(applied.map((row) => row.name).sort()).toEqual(MIGRATION_NAMES);
    expect(MIGRATION_NAMES[0]).toBe('0001-core');
    expect(await migrateToLatest(runtime.database.db, runtime.database.schema)).toEqual([]);
  });

  it('refuses to change a published course version', async () => {
    const db = runtime.context.db;
    const org = await db
      .insertInto('organizations')
      .values({ name: 'Acme', slug: 'acme-v' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const course = await db
      .insertInto('courses')
      .values({ organizationId: org.id, title: 'T' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const version = await db
      .insertInto('courseVersions')
      .values({
        courseId: course.id,
        version: 1,
        title: 'T',
        description: '',
        language: 'en',
        sourceName: 'x.md',
      })
      .returning('id')
      .executeTakeFirstOrThrow();

    await expect(
      db
        .updateTable('courseVersions')
        .set({ title: 'Changed' })
        .where('id', '=', version.id)
        .execute(),
    ).rejects.toThrow(/immutable/);
  });

  it('keeps the learning event log append-only', async () => {
    const db = runtime.context.db;
    const org = await db
      .insertInto('organizations')
      .values({ name: 'Acme', slug: 'acme-e' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('learningEvents')
      .values({
        organizationId: org.id,
        learnerId: null,
        enrolmentId: null,
        type: 'test',
        payload: '{}',
        occurredAt: new Date(),
      })
      .execute();

    await expect(
      db
        .updateTable('learningEvents')
        .set({ type: 'rewritten' })
        .where('organizationId', '=', org.id)
        .execute(),
    ).rejects.toThrow(/append-only/);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('starting several processes at once', () => {
  it('migrates a fresh schema once while three runtimes start together', async () => {
    const schema = testSchemaName();
    const started = await Promise.allSettled([1, 2, 3].map(() => startTestRuntime({ schema })));
    for (const result of started) if (result.status === 'fulfilled') await result.value.close();

    expect(started.map((result) => result.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
  });
});

describe.runIf(process.env.TEST_DATABASE_URL)('migrating the default schema of a server', () => {
  it('ignores the migration tables other schemas of the same database hold', async () => {
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    const name = `inflow_${testSchemaName()}`;
    await admin.query(`create database ${name}`);
    try {
      const url = new URL(process.env.TEST_DATABASE_URL as string);
      url.pathname = `/${name}`;
      const decoy = new pg.Client({ connectionString: url.toString() });
      await decoy.connect();
      await decoy.query(`create schema other;
        create table other.kysely_migration (name varchar primary key, timestamp varchar);
        create table other.kysely_migration_lock (id varchar primary key, is_locked integer)`);
      await decoy.end();

      const handle = await openDatabase({ url: url.toString() });
      try {
        expect((await migrateToLatest(handle.db)).sort()).toEqual(MIGRATION_NAMES);
      } finally {
        await handle.close();
      }
    } finally {
      await admin.query(`drop database ${name}`);
      await admin.end();
    }
  });
});
