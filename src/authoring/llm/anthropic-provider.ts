/**
 * Anthropic's Messages API through the official SDK. Claude is given one tool whose input
 * schema is the answer's schema and is told to call it, which is Anthropic's documented way
 * to get JSON of a given shape; the tool call's input is the answer.
 */
import Anthropic from '@anthropic-ai/sdk';
import { err, ok } from '../../shared/result.ts';
import type { Result } from '../../shared/result.ts';
import type { LlmProvider, LlmRequest, LlmResponse } from './llm-provider.ts';

export interface AnthropicSettings {
  model: string;
  apiKey: string;
  baseUrl?: string;
  timeoutMs?: number;
}

export function createAnthropicProvider(settings: AnthropicSettings): LlmProvider {
  const client = new Anthropic({
    apiKey: settings.apiKey,
    baseURL: settings.baseUrl,
    timeout: settings.timeoutMs ?? 120_000,
    maxRetries: 1,
  });

  return {
    name: 'anthropic',
    model: settings.model,
    async complete(request: LlmRequest): Promise<Result<LlmResponse, string>> {
      try {
        const message = await client.messages.create({
          model: settings.model,
          max_tokens: request.maxTokens,
          system: request.system,
          messages: request.messages,
          tools: [
            {
              name: request.schemaName,
              description: 'Record the lesson you wrote.',
              input_schema: request.schema as Anthropic.Tool.InputSchema,
            },
          ],
          tool_choice: { type: 'tool', name: request.schemaName },
        });
        const call = message.content.find((block) => block.type === 'tool_use');
        const textBlock = message.content.find((block) => block.type === 'text');
        const text = call
          ? JSON.stringify(call.input)
          : textBlock?.type === 'text'
            ? textBlock.text
            : '';
        if (text === '') return err('the model returned no lesson');
        return ok({
          text,
          usage: {
            inputTokens: message.usage.input_tokens,
            outputTokens: message.usage.output_tokens,
          },
        });
      } catch (error) {
        return err(`the ${settings.model} API call failed: ${(error as Error).message}`);
      }
    },
  };
}
