/**
 * Rough language detection by counting function words that belong to only one of English and
 * Spanish. Good enough to pick the language of quiz prompts; anything else is "und".
 */
import { ENGLISH_STOP_WORDS, SPANISH_STOP_WORDS } from './stop-words.ts';

export type ContentLanguage = 'en' | 'es' | 'und';

// Below this share of recognised function words the text is probably in another language.
const MINIMUM_SHARE = 0.08;

export function detectLanguage(text: string): ContentLanguage {
  const words = text.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)?/gu) ?? [];
  if (words.length === 0) return 'und';

  let english = 0;
  let spanish = 0;
  for (const word of words) {
    const inEnglish = ENGLISH_STOP_WORDS.has(word);
    const inSpanish = SPANISH_STOP_WORDS.has(word);
    if (inEnglish && !inSpanish) english += 1;
    if (inSpanish && !inEnglish) spanish += 1;
  }

  if (Math.max(english, spanish) < words.length * MINIMUM_SHARE) return 'und';
  return spanish > english ? 'es' : 'en';
}
