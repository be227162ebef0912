/**
 * Reading level of a text: Flesch reading ease and Flesch-Kincaid grade for English,
 * Fernández Huerta's adaptation for Spanish; other languages get words per sentence only.
 * Syllables are counted by vowel groups, the usual approximation.
 */
import { countWords, splitSentences } from '../sentences.ts';

export interface ReadingLevel {
  formula: 'flesch' | 'fernandez-huerta' | 'words-per-sentence';
  /** 0-100, higher is easier; absent where no formula applies. */
  ease?: number;
  /** US school grade (Flesch-Kincaid), English only. */
  grade?: number;
  wordsPerSentence: number;
  label: 'very easy' | 'easy' | 'standard' | 'difficult' | 'very difficult' | 'not rated';
}

export function readingLevel(text: string, language: string): ReadingLevel {
  const sentences = splitSentences(text.replace(/\n+/g, ' ')).filter((s) => countWords(s) > 0);
  const words = text.match(/\p{L}+(?:['’]\p{L}+)?/gu) ?? [];
  const sentenceCount = Math.max(1, sentences.length);
  const wordsPerSentence = round(words.length / sentenceCount);
  if (words.length === 0)
    return { formula: 'words-per-sentence', wordsPerSentence, label: 'not rated' };

  const syllables = words.reduce((sum, word) => sum + countSyllables(word, language), 0);
  const perWord = syllables / words.length;
  if (language === 'en') {
    const ease = round(206.835 - 1.015 * wordsPerSentence - 84.6 * perWord);
    const grade = round(0.39 * wordsPerSentence + 11.8 * perWord - 15.59);
    return { formula: 'flesch', ease, grade, wordsPerSentence, label: labelFor(ease) };
  }
  if (language === 'es') {
    const ease = round(206.84 - 60 * perWord - 1.02 * wordsPerSentence);
    return { formula: 'fernandez-huerta', ease, wordsPerSentence, label: labelFor(ease) };
  }
  return { formula: 'words-per-sentence', wordsPerSentence, label: 'not rated' };
}

function labelFor(ease: number): ReadingLevel['label'] {
  if (ease >= 80) return 'very easy';
  if (ease >= 65) return 'easy';
  if (ease >= 50) return 'standard';
  if (ease >= 30) return 'difficult';
  return 'very difficult';
}

export function countSyllables(word: string, language: string): number {
  const lower = word.toLowerCase();
  const groups = lower.match(/[aeiouyáéíóúü]+/gu)?.length ?? 0;
  // English drops a final silent e ("make"), but not in "-le" endings ("table").
  const silentE = language === 'en' && /[^aeiouy]e$/.test(lower) && !/[^aeiouy]le$/.test(lower);
  return Math.max(1, groups - (silentE ? 1 : 0));
}

const round = (value: number): number => Math.round(value * 10) / 10;
