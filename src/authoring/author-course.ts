/**
 * Authoring end to end: documents in, a reviewed draft out. The offline generator is the
 * default and the fallback; with a language model configured, the model writes the lessons
 * and the offline generator takes over, with a warning, when the model cannot be reached or
 * keeps answering invalid JSON. Every draft leaves with its quality-gate report, the SMS
 * variants the author asked for, and a record of how it was made and what it cost.
 */
import type { CourseDraft } from '../courses/model.ts';
import { err, ok } from '../shared/result.ts';
import type { Result } from '../shared/result.ts';
import type { ParsedDocument } from './document-model.ts';
import type { GenerateOptions } from './generator-options.ts';
import { generateWithLlm } from './llm/llm-generator.ts';
import type { LlmProvider, TokenUsage } from './llm/llm-provider.ts';
import { estimateCostUsd, priceOf } from './llm/pricing.ts';
import type { ModelPrice } from './llm/pricing.ts';
import {
  addSmsVariants,
  generateOfflineCourse,
  planWarnings,
  prepareCourse,
} from './offline-generator.ts';
import type { CourseSource } from './offline-generator.ts';
import { checkQuality } from './quality/quality-gates.ts';
import type { QualityReport } from './quality/quality-gates.ts';

export interface GenerationRecord {
  generator: 'offline' | 'llm';
  provider?: string;
  model?: string;
  promptVersion?: string;
  requests: number;
  usage: TokenUsage;
  /** US dollars; null when the model's price is unknown, 0 offline. */
  estimatedCostUsd: number | null;
  /** Why the offline generator wrote the course although a model was configured. */
  fallbackReason?: string;
}

export interface AuthoredCourse {
  draft: CourseDraft;
  quality: QualityReport;
  generation: GenerationRecord;
  warnings: string[];
  documents: ParsedDocument[];
}

export interface AuthoringRequest {
  sources: readonly CourseSource[];
  options?: GenerateOptions;
  /** Absent: offline. */
  llm?: LlmProvider;
  prices?: Readonly<Record<string, ModelPrice>>;
  maxAttempts?: number;
  onLesson?: (done: number, total: number) => void;
}

const NO_TOKENS: TokenUsage = { inputTokens: 0, outputTokens: 0 };

/**
 * @example
 *   const authored = await authorCourse({ sources: [source], options: { smsSegments: 2 } });
 *   if (authored.ok) console.log(authored.value.quality.status);
 */
export async function authorCourse(
  request: AuthoringRequest,
): Promise<Result<AuthoredCourse, string>> {
  const options = request.options ?? {};
  const prepared = prepareCourse(request.sources, options);
  if (!prepared.ok) return prepared;
  const { settings } = prepared.value;
  const documents = prepared.value.documents;

  let draft: CourseDraft;
  let generation: GenerationRecord;
  const warnings: string[] = [];

  const provider = request.llm;
  const written = provider
    ? await generateWithLlm(prepared.value, {
        provider,
        maxAttempts: request.maxAttempts,
        onLesson: request.onLesson,
      })
    : undefined;

  if (provider && written?.ok) {
    draft = written.value.draft;
    addSmsVariants(draft.lessons, settings, draft.language);
    warnings.push(...planWarnings(prepared.value, draft.lessons.length));
    generation = llmRecord(provider, written.value, request.prices);
  } else {
    const offline = generateOfflineCourse(request.sources, options);
    if (!offline.ok) return err(offline.error);
    draft = offline.value.draft;
    warnings.push(...offline.value.warnings);
    generation = { generator: 'offline', requests: 0, usage: NO_TOKENS, estimatedCostUsd: 0 };
    if (provider && written && !written.ok) {
      warnings.unshift(
        `The ${provider.model} model could not write the course (${written.error.reason}); ` +
          'it was generated offline instead.',
      );
      generation = {
        ...llmRecord(provider, written.error, request.prices),
        generator: 'offline',
        fallbackReason: written.error.reason,
      };
    }
  }

  const quality = checkQuality(draft, {
    documents,
    lessonMinutes: settings.lessonMinutes,
    wordsPerMinute: settings.wordsPerMinute,
  });
  for (const document of documents) {
    for (const warning of document.warnings ?? []) warnings.push(warning.message);
  }
  return ok({ draft, quality, generation, warnings, documents });
}

function llmRecord(
  provider: LlmProvider,
  run: { usage: TokenUsage; requests: number; promptVersion: string },
  prices?: Readonly<Record<string, ModelPrice>>,
): GenerationRecord {
  return {
    generator: 'llm',
    provider: provider.name,
    model: provider.model,
    promptVersion: run.promptVersion,
    requests: run.requests,
    usage: { ...run.usage },
    estimatedCostUsd: estimateCostUsd(run.usage, priceOf(provider.model, prices)),
  };
}
