/**
 * Which language model to use, read once from the environment (or any record of the same
 * names) and turned into a provider. Without INFLOW_LLM_PROVIDER there is none, and courses
 * are generated offline.
 *
 *   INFLOW_LLM_PROVIDER   openai | azure-openai | anthropic
 *   INFLOW_LLM_MODEL      e.g. gpt-4o-mini, claude-haiku-4-5, llama3.1 (Ollama)
 *   INFLOW_LLM_API_KEY    the provider's key (any text for local servers)
 *   INFLOW_LLM_BASE_URL   e.g. http://localhost:11434/v1 for Ollama
 *   INFLOW_LLM_API_VERSION  Azure OpenAI API version, e.g. 2024-10-21
 *   INFLOW_LLM_JSON_MODE  json_schema (default) or json_object
 */
import { z } from 'zod';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import { createAnthropicProvider } from './anthropic-provider.ts';
import type { LlmProvider } from './llm-provider.ts';
import { createOpenAiProvider } from './openai-provider.ts';

const SettingsSchema = z.object({
  INFLOW_LLM_PROVIDER: z.enum(['openai', 'azure-openai', 'anthropic']).optional(),
  INFLOW_LLM_MODEL: z.string().min(1).optional(),
  INFLOW_LLM_API_KEY: z.string().min(1).optional(),
  INFLOW_LLM_BASE_URL: z.url().optional(),
  INFLOW_LLM_API_VERSION: z.string().min(1).optional(),
  INFLOW_LLM_JSON_MODE: z.enum(['json_schema', 'json_object']).optional(),
});

const DEFAULT_MODELS = {
  openai: 'gpt-4o-mini',
  'azure-openai': 'gpt-4o-mini',
  anthropic: 'claude-haiku-4-5',
} as const;

/**
 * @example const provider = readLlmProvider(process.env); // ok(undefined) when none is set
 */
export function readLlmProvider(
  env: Readonly<Record<string, string | undefined>>,
): Result<LlmProvider | undefined, string> {
  const parsed = SettingsSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    return err(`LLM settings are invalid: ${problems.join('; ')}`);
  }
  const settings = parsed.data;
  const provider = settings.INFLOW_LLM_PROVIDER;
  if (!provider) return ok(undefined);

  const apiKey = settings.INFLOW_LLM_API_KEY;
  if (!apiKey) return err(`INFLOW_LLM_API_KEY is needed for the ${provider} provider`);
  const model = settings.INFLOW_LLM_MODEL ?? DEFAULT_MODELS[provider];
  const baseUrl = settings.INFLOW_LLM_BASE_URL;

  if (provider === 'anthropic') return ok(createAnthropicProvider({ model, apiKey, baseUrl }));
  if (provider === 'azure-openai' && (!baseUrl || !settings.INFLOW_LLM_API_VERSION)) {
    return err('azure-openai needs INFLOW_LLM_BASE_URL (the resource) and INFLOW_LLM_API_VERSION');
  }
  return ok(
    createOpenAiProvider({
      model,
      apiKey,
      baseUrl,
      azureApiVersion: provider === 'azure-openai' ? settings.INFLOW_LLM_API_VERSION : undefined,
      responseFormat: settings.INFLOW_LLM_JSON_MODE,
    }),
  );
}
