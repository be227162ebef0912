/**
 * One interface in front of every language model: an OpenAI-compatible chat API (OpenAI,
 * Azure OpenAI, Ollama, vLLM, LM Studio) or Anthropic's Messages API. The generator asks for
 * JSON matching a schema and gets text back with the tokens it cost.
 */
import type { Result } from '../../shared/result.ts';

export type LlmProviderName = 'openai' | 'azure-openai' | 'anthropic';

export interface LlmMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmRequest {
  system: string;
  messages: LlmMessage[];
  /** JSON Schema the answer must match; providers pass it on in their own way. */
  schema: Record<string, unknown>;
  schemaName: string;
  maxTokens: number;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmResponse {
  /** The JSON the model wrote, as text. */
  text: string;
  usage: TokenUsage;
}

export interface LlmProvider {
  name: LlmProviderName;
  model: string;
  /** Never throws: a refusal, a timeout or an HTTP error comes back as a message. */
  complete(request: LlmRequest): Promise<Result<LlmResponse, string>>;
}
