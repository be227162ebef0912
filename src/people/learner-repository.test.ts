import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestRuntime, storageUnderTest } from '../../test/support/test-runtime.ts';
import { createOrganization } from '../organizations/organization-repository.ts';
import type { LearnerStatus } from './learner.ts';
import { findLearnerByAddress } from './learner-repository.ts';

/**
 * Numbers shared before imports, SCIM and the API refused them stay in the data; these tests
 * write such rows directly. The wrong person comes first both in insertion order and in email
 * order, the two orders an unordered query could return them in.
 */
describe(`findLearnerByAddress on ${storageUnderTest}`, () => {
  let runtime: Awaited<ReturnType<typeof startTestRuntime>>;
  beforeAll(async () => {
    runtime = await startTestRuntime();
  });
  afterAll(() => runtime.close());

  const addSharing = async (
    organizationId: string,
    email: string,
    status: LearnerStatus,
    updatedAt: string,
  ) => {
    const row = await runtime.context.db
      .insertInto('learners')
      .values({
        organizationId,
        fullName: email,
        email,
        phone: '+14155550100',
        timezone: 'America/Chicago',
        locale: 'en',
        preferredChannel: 'sms',
        status,
        createdAt: new Date('2026-01-01T00:00:00Z'),
        updatedAt: new Date(updatedAt),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  const senderOf = async (organizationId: string) =>
    (await findLearnerByAddress(runtime.context.db, organizationId, 'sms', '+14155550100'))?.email;

  it('credits a shared number to the active learner over a more recent inactive one', async () => {
    const { id } = await createOrganization(runtime.context.db, { name: 'Shared A' });
    await addSharing(id, 'a-on-leave@example.com', 'inactive', '2026-03-01T00:00:00Z');
    await addSharing(id, 'b-gone@example.com', 'offboarded', '2026-03-02T00:00:00Z');
    await addSharing(id, 'c-active@example.com', 'active', '2026-01-01T00:00:00Z');

    expect(await senderOf(id)).toBe('c-active@example.com');
  });

  it('among learners of one status, credits the most recently updated', async () => {
    const { id } = await createOrganization(runtime.context.db, { name: 'Shared B' });
    await addSharing(id, 'a-older@example.com', 'active', '2026-01-01T00:00:00Z');
    await addSharing(id, 'b-newer@example.com', 'active', '2026-02-01T00:00:00Z');

    expect(await senderOf(id)).toBe('b-newer@example.com');
  });

  it('prefers an inactive learner over an offboarded one', async () => {
    const { id } = await createOrganization(runtime.context.db, { name: 'Shared C' });
    await addSharing(id, 'a-gone@example.com', 'offboarded', '2026-03-01T00:00:00Z');
    await addSharing(id, 'b-on-leave@example.com', 'inactive', '2026-01-01T00:00:00Z');

    expect(await senderOf(id)).toBe('b-on-leave@example.com');
  });
});
