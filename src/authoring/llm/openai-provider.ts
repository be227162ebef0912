/**
 * Any OpenAI-compatible chat completions API through the official SDK: OpenAI itself, Azure
 * OpenAI (with an API version), and local servers such as Ollama, vLLM and LM Studio through
 * their base URL. The answer is asked for as JSON matching the schema (response_format
 * json_schema); servers that only know JSON mode can be told to use json_object instead.
 */
import OpenAI, { AzureOpenAI } from 'openai';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import type { LlmProvider, LlmRequest, LlmResponse } from './llm-provider.ts';

export interface OpenAiSettings {
  model: string;
  apiKey: string;
  baseUrl?: string;
  /** Set for Azure OpenAI, e.g. "2024-10-21"; baseUrl is then the resource endpoint. */
  azureApiVersion?: string;
  /** json_schema (default) or json_object for servers without structured outputs. */
  responseFormat?: 'json_schema' | 'json_object';
  timeoutMs?: number;
}

export function createOpenAiProvider(settings: OpenAiSettings): LlmProvider {
  const common = { apiKey: settings.apiKey, timeout: settings.timeoutMs ?? 120_000, maxRetries: 1 };
  const client = settings.azureApiVersion
    ? new AzureOpenAI({
        ...common,
        endpoint: settings.baseUrl,
        apiVersion: settings.azureApiVersion,
        deployment: settings.model,
      })
    : new OpenAI({ ...common, baseURL: settings.baseUrl });

  return {
    name: settings.azureApiVersion ? 'azure-openai' : 'openai',
    model: settings.model,
    async complete(request: LlmRequest): Promise<Result<LlmResponse, string>> {
      try {
        const completion = await client.chat.completions.create({
          model: settings.model,
          max_tokens: request.maxTokens,
          messages: [{ role: 'system', content: request.system }, ...request.messages],
          response_format:
            settings.responseFormat === 'json_object'
              ? { type: 'json_object' }
              : {
                  type: 'json_schema',
                  json_schema: { name: request.schemaName, schema: request.schema, strict: false },
                },
        });
        const choice = completion.choices[0];
        const text = choice?.message.content ?? '';
        if (choice?.message.refusal) return err(`the model refused: ${choice.message.refusal}`);
        if (text === '') return err('the model returned an empty answer');
        return ok({
          text,
          usage: {
            inputTokens: completion.usage?.prompt_tokens ?? 0,
            outputTokens: completion.usage?.completion_tokens ?? 0,
          },
        });
      } catch (error) {
        return err(`the ${settings.model} API call failed: ${(error as Error).message}`);
      }
    },
  };
}
