/**
 * Authoring: turning documents into course drafts. The offline generator works from Markdown
 * or plain text alone, deterministically, without a network or a language model.
 */
export { generateCourse, SOURCE_FORMATS } from './offline-generator.ts';
export type { CourseSource, SourceFormat } from './offline-generator.ts';
export type { GenerateOptions } from './generator-options.ts';
export { readMarkdown } from './markdown-reader.ts';
export { readPlainText } from './plain-text-reader.ts';
export type {
  BlockKind,
  DocumentBlock,
  DocumentSection,
  ParsedDocument,
} from './document-model.ts';
export { splitSentences, countWords } from './sentences.ts';
export { detectLanguage } from './language.ts';
export type { ContentLanguage } from './language.ts';
