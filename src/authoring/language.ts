/**
 * Rough language detection by counting function words that belong to only one language.
 * English and Spanish have full lists (they also drive the quiz wording); French, German,
 * Portuguese and Italian have short ones, enough to tell an author that a document is not in
 * the language expected. Anything else is "und".
 */
import { ENGLISH_STOP_WORDS, SPANISH_STOP_WORDS } from './stop-words.ts';

export type ContentLanguage = 'en' | 'es' | 'fr' | 'de' | 'pt' | 'it' | 'und';

export const LANGUAGE_NAMES: Readonly<Record<ContentLanguage, string>> = {
  en: 'English',
  es: 'Spanish',
  fr: 'French',
  de: 'German',
  pt: 'Portuguese',
  it: 'Italian',
  und: 'an unrecognised language',
};

const words = (list: string): ReadonlySet<string> => new Set(list.split(/\s+/).filter(Boolean));

const PROFILES: ReadonlyArray<readonly [ContentLanguage, ReadonlySet<string>]> = [
  ['en', ENGLISH_STOP_WORDS],
  ['es', SPANISH_STOP_WORDS],
  [
    'fr',
    words(`le les des du une est et dans pour pas qui sur au aux avec ce cette ces sont
      nous vous ils elles leur leurs mais ou où donc être avoir fait été très aussi plus`),
  ],
  [
    'de',
    words(`der die das und ist nicht ein eine einen dem den des mit sich auf für von zu
      im auch es sind wird werden wir ihr sie oder aber wenn bei nach noch nur über`),
  ],
  [
    'pt',
    words(`o os do da dos das não uma um em no na nos nas é são com para por mais
      como você vocês também está estão isso isto ao aos pelo pela seu sua`),
  ],
  [
    'it',
    words(`il lo gli della delle dei degli è sono non una un che di del nel nella per con
      come anche più questo questa sono essere stato alla alle dal dalla`),
  ],
];

// Below this share of recognised function words the text is probably in another language.
const MINIMUM_SHARE = 0.08;

export function detectLanguage(text: string): ContentLanguage {
  const tokens = text.toLowerCase().match(/\p{L}+(?:['’]\p{L}+)?/gu) ?? [];
  if (tokens.length === 0) return 'und';

  const scores = new Map<ContentLanguage, number>();
  for (const token of tokens) {
    const owners = PROFILES.filter(([, list]) => list.has(token));
    if (owners.length !== 1) continue;
    const [language] = owners[0] ?? [];
    if (language) scores.set(language, (scores.get(language) ?? 0) + 1);
  }

  let best: ContentLanguage = 'und';
  let bestScore = 0;
  for (const [language] of PROFILES) {
    const score = scores.get(language) ?? 0;
    if (score > bestScore) [best, bestScore] = [language, score];
  }
  return bestScore < tokens.length * MINIMUM_SHARE ? 'und' : best;
}
