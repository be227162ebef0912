/**
 * Authoring: turning documents into course drafts. Documents in any common format are read
 * into one document model; the offline generator works from it alone, deterministically;
 * with a language model configured, the model writes the lessons and the offline generator is
 * the fallback. Every draft passes through the quality gates and can be exported to, and
 * imported from, a human-editable course file.
 */
export { generateCourse, generateOfflineCourse, SOURCE_FORMATS } from './offline-generator.ts';
export type { CourseSource, OfflineCourse, SourceFormat } from './offline-generator.ts';
export { authorCourse } from './author-course.ts';
export type { AuthoredCourse, AuthoringRequest, GenerationRecord } from './author-course.ts';
export type { GenerateOptions } from './generator-options.ts';
export { readSourceFile, MAX_SOURCE_BYTES } from './source-file.ts';
export type { SourceDocument } from './source-file.ts';
export { ingestDocument } from './ingestion/ingest-document.ts';
export type { IngestedDocument, IngestOptions } from './ingestion/ingest-document.ts';
export { DOCUMENT_FORMATS } from './ingestion/detect-format.ts';
export type { DocumentFormat } from './ingestion/detect-format.ts';
export { checkQuality, QUALITY_GATES } from './quality/quality-gates.ts';
export type { QualityGate, QualityReport } from './quality/quality-gates.ts';
export {
  exportCourseFile,
  parseCourseFile,
  formatCourseFileErrors,
} from './course-file/course-file.ts';
export type { CourseFileError } from './course-file/course-file.ts';
export { readLlmProvider } from './llm/llm-settings.ts';
export type { LlmProvider } from './llm/llm-provider.ts';
export { createAuthoringRoutes } from './http/authoring-routes.ts';
export type { AuthoringRouteDeps } from './http/authoring-routes.ts';
export { readMarkdown } from './markdown-reader.ts';
export { readPlainText } from './plain-text-reader.ts';
export type {
  BlockKind,
  DocumentBlock,
  DocumentSection,
  ParsedDocument,
  SourceLocation,
} from './document-model.ts';
export { splitSentences, countWords } from './sentences.ts';
export { detectLanguage } from './language.ts';
export type { ContentLanguage } from './language.ts';
