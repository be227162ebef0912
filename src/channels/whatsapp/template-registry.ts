/**
 * Each organization's registry of WhatsApp message templates it has had approved by Meta:
 * name, language, and how Inflow fills the body's {{1}}, {{2}}... parameters. Outside the
 * 24-hour window a lesson goes out as the organization's re-engagement template in the
 * learner's language, and the lesson follows when the learner replies.
 */
import type { Kysely, Selectable } from 'kysely';
import { z } from '@hono/zod-openapi';
import type { Database, MessageTemplatesTable } from '../../db/schema.ts';

/** Where the value of one positional body parameter comes from, in order ({{1}} first). */
export const TemplateParameterSchema = z.discriminatedUnion('source', [
  z.object({ source: z.literal('learner_first_name') }),
  z.object({ source: z.literal('learner_full_name') }),
  z.object({ source: z.literal('organization_name') }),
  /** The first line of the held message, e.g. "Lesson 2 of 5: Passwords". */
  z.object({ source: z.literal('message_preview') }),
  z.object({ source: z.literal('text'), text: z.string().trim().min(1).max(200) }),
]);

export type TemplateParameter = z.infer<typeof TemplateParameterSchema>;

export const TEMPLATE_PURPOSES = ['re_engagement', 'other'] as const;
export const TEMPLATE_CATEGORIES = ['utility', 'marketing', 'authentication'] as const;

export const TemplateInputSchema = z.object({
  purpose: z.enum(TEMPLATE_PURPOSES),
  category: z.enum(TEMPLATE_CATEGORIES).default('utility'),
  bodyParameters: z.array(TemplateParameterSchema).max(20).default([]),
  /** Quick-reply buttons on the template; each is sent with Inflow's "resume" payload. */
  quickReplyButtons: z.number().int().min(0).max(10).default(0),
});

export type TemplateInput = z.infer<typeof TemplateInputSchema>;

/** Meta's rules: lower-case letters, digits and underscores; a language like en or en_US. */
export const TemplateNameSchema = z.string().regex(/^[a-z0-9_]{1,512}$/);
export const TemplateLanguageSchema = z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/);

export interface MessageTemplate extends TemplateInput {
  id: string;
  name: string;
  language: string;
  createdAt: Date;
  updatedAt: Date;
}

const CHANNEL = 'whatsapp';

export async function listTemplates(
  db: Kysely<Database>,
  organizationId: string,
): Promise<MessageTemplate[]> {
  const rows = await db
    .selectFrom('messageTemplates')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('channel', '=', CHANNEL)
    .orderBy('name')
    .orderBy('language')
    .execute();
  return rows.map(templateOf);
}

/** Creates the template, or replaces the one with the same name and language. */
export async function saveTemplate(
  db: Kysely<Database>,
  organizationId: string,
  template: { name: string; language: string } & TemplateInput,
  now: Date,
): Promise<{ template: MessageTemplate; created: boolean }> {
  const values = {
    purpose: template.purpose,
    category: template.category,
    bodyParameters: JSON.stringify(template.bodyParameters),
    quickReplyButtons: template.quickReplyButtons,
    updatedAt: now,
  };
  const existing = await db
    .selectFrom('messageTemplates')
    .select('id')
    .where('organizationId', '=', organizationId)
    .where('channel', '=', CHANNEL)
    .where('name', '=', template.name)
    .where('language', '=', template.language)
    .executeTakeFirst();
  const row = await db
    .insertInto('messageTemplates')
    .values({
      organizationId,
      channel: CHANNEL,
      name: template.name,
      language: template.language,
      createdAt: now,
      ...values,
    })
    .onConflict((conflict) =>
      conflict.columns(['organizationId', 'channel', 'name', 'language']).doUpdateSet(values),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
  return { template: templateOf(row), created: existing === undefined };
}

export async function deleteTemplate(
  db: Kysely<Database>,
  organizationId: string,
  name: string,
  language: string,
): Promise<boolean> {
  const deleted = await db
    .deleteFrom('messageTemplates')
    .where('organizationId', '=', organizationId)
    .where('channel', '=', CHANNEL)
    .where('name', '=', name)
    .where('language', '=', language)
    .executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/**
 * The re-engagement template for a learner's locale: the same language and region, else the
 * same language, else any re-engagement template (oldest first, so the choice is stable).
 * @example pickReengagementTemplate(db, orgId, 'es-MX') // es_MX, else es, else en_US...
 */
export async function pickReengagementTemplate(
  db: Kysely<Database>,
  organizationId: string,
  locale: string,
): Promise<MessageTemplate | undefined> {
  const rows = await db
    .selectFrom('messageTemplates')
    .selectAll()
    .where('organizationId', '=', organizationId)
    .where('channel', '=', CHANNEL)
    .where('purpose', '=', 're_engagement')
    .orderBy('createdAt')
    .orderBy('name')
    .execute();
  const templates = rows.map(templateOf);

  const wanted = normalisedLanguage(locale);
  const primary = wanted.split('_')[0];
  return (
    templates.find((template) => normalisedLanguage(template.language) === wanted) ??
    templates.find((template) => normalisedLanguage(template.language).split('_')[0] === primary) ??
    templates[0]
  );
}

function normalisedLanguage(code: string): string {
  return code.trim().replace('-', '_').toLowerCase();
}

function templateOf(row: Selectable<MessageTemplatesTable>): MessageTemplate {
  return {
    id: row.id,
    name: row.name,
    language: row.language,
    purpose: row.purpose,
    category: row.category,
    bodyParameters: z.array(TemplateParameterSchema).parse(row.bodyParameters),
    quickReplyButtons: row.quickReplyButtons,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}
