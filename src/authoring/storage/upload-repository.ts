/**
 * Source documents uploaded for authoring. Only a document that parsed is stored, with its
 * parsed form, so generating from it later needs no second read and a bad file leaves nothing.
 */
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { IngestionWarning, ParsedDocument } from '../document-model.ts';
import type { IngestedDocument } from '../ingestion/ingest-document.ts';
import type { DocumentFormat } from '../ingestion/detect-format.ts';

export interface StoredUpload {
  id: string;
  fileName: string;
  format: DocumentFormat;
  byteSize: number;
  document: ParsedDocument;
  warnings: IngestionWarning[];
  createdAt: Date;
}

export async function saveUpload(
  db: Kysely<Database>,
  organizationId: string,
  ingested: IngestedDocument,
  bytes: Uint8Array,
): Promise<StoredUpload> {
  const row = await db
    .insertInto('authoringUploads')
    .values({
      organizationId,
      fileName: ingested.name,
      format: ingested.format,
      byteSize: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      content: bytes,
      document: JSON.stringify(ingested.document),
      warnings: JSON.stringify(ingested.warnings),
    })
    .returning(['id', 'createdAt'])
    .executeTakeFirstOrThrow();
  return {
    id: row.id,
    fileName: ingested.name,
    format: ingested.format,
    byteSize: bytes.length,
    document: ingested.document,
    warnings: ingested.warnings,
    createdAt: row.createdAt,
  };
}

/** The uploads of an organization with these ids, in the order asked; missing ones left out. */
export async function findUploads(
  db: Kysely<Database>,
  organizationId: string,
  ids: readonly string[],
): Promise<StoredUpload[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('authoringUploads')
    .select(['id', 'fileName', 'format', 'byteSize', 'document', 'warnings', 'createdAt'])
    .where('organizationId', '=', organizationId)
    .where('id', 'in', [...ids])
    .execute();
  const byId = new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        fileName: row.fileName,
        format: row.format as DocumentFormat,
        byteSize: row.byteSize,
        document: row.document as ParsedDocument,
        warnings: row.warnings as IngestionWarning[],
        createdAt: row.createdAt,
      },
    ]),
  );
  return ids.flatMap((id) => byId.get(id) ?? []);
}
