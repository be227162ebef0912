/**
 * One person's privacy and channels over REST:
 * GET  /people/learners/:id/export      everything held about them, as a JSON download
 * POST /people/learners/:id/erase       { "confirm": true }; personal data gone for good
 * GET  /people/learners/:id/audit       who changed what about them
 * GET  /people/learners/:id/channels    addresses and consent per channel
 * PUT  /people/learners/:id/channels/:channel  { address?, consent?: { status, source } }
 *      409 when another learner has the address (a phone, a Slack or Teams id)
 */
import type { Hono } from 'hono';
import { z } from 'zod';
import type { EngineContext } from '../../app/context.ts';
import type { LearnerRow } from '../../db/schema.ts';
import { err, ok, type Result } from '../../shared/result.ts';
import { listAudit } from '../audit/person-audit.ts';
import {
  linkChannelIdentity,
  listChannelIdentities,
  recordChannelConsent,
} from '../identity/channel-identity.ts';
import { eraseLearner } from '../privacy/learner-erasure.ts';
import { exportLearner } from '../privacy/learner-export.ts';
import {
  actorOf,
  errorResponse,
  organizationOf,
  readJson,
  type PeopleContext,
  type PeopleEnv,
  type PeopleError,
} from './people-http.ts';

const eraseSchema = z.object({ confirm: z.literal(true, 'send "confirm": true to erase') });
const channelSchema = z.object({
  address: z.string().nullable().optional(),
  consent: z
    .object({ status: z.enum(['granted', 'revoked']), source: z.string().trim().min(1) })
    .optional(),
});

export function registerLearnerRoutes(app: Hono<PeopleEnv>, context: EngineContext): void {
  app.get('/people/learners/:learnerId/export', async (c) => {
    const found = await learnerOf(context, c);
    if (!found.ok) return errorResponse(c, found.error);

    const exported = await exportLearner(
      context.db,
      found.value.organizationId,
      found.value.id,
      actorOf(c),
      context.clock.now(),
    );
    if (!exported.ok) return errorResponse(c, notFound(found.value.id));
    c.header('Content-Disposition', `attachment; filename="learner-${found.value.id}.json"`);
    return c.json(exported.value);
  });

  app.post('/people/learners/:learnerId/erase', async (c) => {
    const found = await learnerOf(context, c);
    if (!found.ok) return errorResponse(c, found.error);
    const body = await readJson(c, eraseSchema);
    if (!body.ok) return errorResponse(c, body.error);

    const erased = await context.db
      .transaction()
      .execute((trx) =>
        eraseLearner(
          trx,
          found.value.organizationId,
          found.value.id,
          actorOf(c),
          context.clock.now(),
        ),
      );
    if (!erased.ok) return errorResponse(c, notFound(found.value.id));
    context.logger.info({ learnerId: found.value.id }, 'learner erased');
    return c.json(erased.value);
  });

  app.get('/people/learners/:learnerId/audit', async (c) => {
    const found = await learnerOf(context, c);
    if (!found.ok) return errorResponse(c, found.error);
    return c.json({
      events: await listAudit(context.db, found.value.organizationId, found.value.id),
    });
  });

  app.get('/people/learners/:learnerId/channels', async (c) => {
    const found = await learnerOf(context, c);
    if (!found.ok) return errorResponse(c, found.error);
    return c.json({ channels: await listChannelIdentities(context.db, found.value) });
  });

  app.put('/people/learners/:learnerId/channels/:channel', async (c) => {
    const found = await learnerOf(context, c);
    if (!found.ok) return errorResponse(c, found.error);
    const body = await readJson(c, channelSchema);
    if (!body.ok) return errorResponse(c, body.error);

    const channel = c.req.param('channel');
    const now = context.clock.now();
    const result = await context.db.transaction().execute(async (trx) => {
      let learner = found.value;
      if (body.value.address !== undefined) {
        const linked = await linkChannelIdentity(
          trx,
          learner,
          channel,
          body.value.address,
          actorOf(c),
          now,
        );
        if (!linked.ok) return linked;
        learner = linked.value;
      }
      const consent = body.value.consent;
      if (consent !== undefined) {
        const recorded = await recordChannelConsent(
          trx,
          learner,
          channel,
          consent.status,
          consent.source,
          actorOf(c),
          now,
        );
        if (!recorded.ok) return recorded;
      }
      return ok(await listChannelIdentities(trx, learner));
    });
    if (result.ok) return c.json({ channels: result.value });
    const { kind, reason } =
      typeof result.error === 'string' ? { kind: 'invalid', reason: result.error } : result.error;
    return errorResponse(c, {
      code: kind === 'taken' ? 'conflict' : 'validation_failed',
      message: reason,
    });
  });
}

async function learnerOf(
  context: EngineContext,
  c: PeopleContext,
): Promise<Result<LearnerRow, PeopleError>> {
  const organization = await organizationOf(context, c);
  if (!organization.ok) return organization;

  const learnerId = c.req.param('learnerId') ?? '';
  if (!z.uuid().safeParse(learnerId).success) return err(notFound(learnerId));
  const learner = await context.db
    .selectFrom('learners')
    .selectAll()
    .where('organizationId', '=', organization.value.id)
    .where('id', '=', learnerId)
    .where('erasedAt', 'is', null)
    .executeTakeFirst();
  return learner ? ok(learner) : err(notFound(learnerId));
}

const notFound = (learnerId: string): PeopleError => ({
  code: 'not_found',
  message: `No learner ${learnerId} in this organization (an erased learner is gone)`,
});
