import { sql, type Kysely } from 'kysely';

import type { Database } from '../db/schema.ts';
import { createOrganization, type Organization } from '../organizations/organization-repository.ts';

/** The fictional company of the sample handbook and roster. */
export const DEMO_ORGANIZATION_NAME = 'Larkspur Logistics';

export interface DemoOrganization {
  organization: Organization;
  /** Slugs of the earlier demo organizations this one replaced, with all their data. */
  replaced: string[];
}

/**
 * A fresh organization for one demo run. The organizations earlier runs left in the same
 * storage are deleted first, with everything in them (the foreign keys cascade), so running
 * the demo again keeps one "Larkspur Logistics" under the same slug instead of piling up
 * larkspur-logistics-2, -3... A new run is marked in its settings so the next run finds it.
 *
 * Limitation: two demos running at once on one PostgreSQL server delete each other's
 * organization; on the embedded database the data folder's lock prevents it.
 */
export async function replaceDemoOrganization(db: Kysely<Database>): Promise<DemoOrganization> {
  return db.transaction().execute(async (trx) => {
    const previous = await findDemoOrganizations(trx);
    if (previous.length > 0) {
      await trx
        .deleteFrom('organizations')
        .where(
          'id',
          'in',
          previous.map((organization) => organization.id),
        )
        .execute();
    }

    const created = await createOrganization(trx, { name: DEMO_ORGANIZATION_NAME });
    const organization = await trx
      .updateTable('organizations')
      .set({ settings: JSON.stringify({ ...created.settings, demo: true }) })
      .where('id', '=', created.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    return { organization, replaced: previous.map((row) => row.slug).sort() };
  });
}

/**
 * Organizations a demo run made: marked as such, or, from runs before the mark existed, named
 * like the demo's with every enrolment on the simulator, which only a demo process can send
 * on (`inflow serve` has no simulator), so no organization in real use matches.
 */
async function findDemoOrganizations(db: Kysely<Database>) {
  return db
    .selectFrom('organizations')
    .select(['organizations.id', 'organizations.slug'])
    .where((eb) =>
      eb.or([
        eb(sql<string>`organizations.settings ->> 'demo'`, '=', 'true'),
        eb.and([
          eb('organizations.name', '=', DEMO_ORGANIZATION_NAME),
          eb.exists(
            eb
              .selectFrom('enrolments')
              .select('enrolments.id')
              .whereRef('enrolments.organizationId', '=', 'organizations.id'),
          ),
          eb.not(
            eb.exists(
              eb
                .selectFrom('enrolments')
                .select('enrolments.id')
                .whereRef('enrolments.organizationId', '=', 'organizations.id')
                .where('enrolments.channel', '!=', 'simulator'),
            ),
          ),
        ]),
      ]),
    )
    .execute();
}
