import { randomBytes } from 'node:crypto';
import type { Channel } from '../../src/channels/channel.ts';
import { startRuntime, type Runtime } from '../../src/app/runtime.ts';
import { ManualClock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';

/**
 * A fresh database for one test file: an in-memory PGlite, or, with TEST_DATABASE_URL set,
 * a schema of its own on that PostgreSQL server. The same suite runs on both.
 */
export async function startTestRuntime(
  options: { channels?: Channel[]; clock?: ManualClock; schema?: string } = {},
): Promise<Runtime & { clock: ManualClock }> {
  const clock = options.clock ?? new ManualClock('2026-03-02T00:00:00Z');
  const url = process.env.TEST_DATABASE_URL;
  const runtime = await startRuntime({
    databaseUrl: url,
    dataDir: 'memory://',
    schema: url ? (options.schema ?? testSchemaName()) : undefined,
    logger: silentLogger,
    clock,
    channels: options.channels ?? [],
  });
  return { ...runtime, clock };
}

export const storageUnderTest = process.env.TEST_DATABASE_URL ? 'PostgreSQL server' : 'PGlite';

export function testSchemaName(): string {
  return `test_${randomBytes(6).toString('hex')}`;
}
