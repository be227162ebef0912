/**
 * Estimated cost of a generation from its token counts. Prices are list prices in US dollars
 * per million tokens as the providers publish them; they change, so an organization can pass
 * its own, and a model not listed is reported as of unknown cost rather than guessed.
 */
import type { TokenUsage } from './llm-provider.ts';

export interface ModelPrice {
  inputPerMillion: number;
  outputPerMillion: number;
}

// Limitation: list prices as of 2025; check the provider's price page before relying on them.
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o': { inputPerMillion: 2.5, outputPerMillion: 10 },
  'gpt-4o-mini': { inputPerMillion: 0.15, outputPerMillion: 0.6 },
  'gpt-4.1': { inputPerMillion: 2, outputPerMillion: 8 },
  'gpt-4.1-mini': { inputPerMillion: 0.4, outputPerMillion: 1.6 },
  'gpt-4.1-nano': { inputPerMillion: 0.1, outputPerMillion: 0.4 },
  'claude-3-5-haiku': { inputPerMillion: 0.8, outputPerMillion: 4 },
  'claude-haiku-4-5': { inputPerMillion: 1, outputPerMillion: 5 },
  'claude-sonnet-4': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-sonnet-4-5': { inputPerMillion: 3, outputPerMillion: 15 },
  'claude-opus-4': { inputPerMillion: 15, outputPerMillion: 75 },
};

/**
 * The price of a model by its exact name, else by the longest listed name it starts with
 * ("claude-sonnet-4-20250514" is priced as "claude-sonnet-4").
 */
export function priceOf(
  model: string,
  prices: Readonly<Record<string, ModelPrice>> = DEFAULT_PRICES,
): ModelPrice | undefined {
  if (prices[model]) return prices[model];
  const prefix = Object.keys(prices)
    .filter((name) => model.startsWith(name))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? prices[prefix] : undefined;
}

/** Dollars, rounded to a hundredth of a cent; null when the model's price is not known. */
export function estimateCostUsd(usage: TokenUsage, price: ModelPrice | undefined): number | null {
  if (!price) return null;
  const dollars =
    (usage.inputTokens * price.inputPerMillion + usage.outputTokens * price.outputPerMillion) /
    1_000_000;
  return Math.round(dollars * 10_000) / 10_000;
}
