/**
 * The options of `inflow course generate`, read and checked before any document is read, so a
 * typo costs nothing. Each error names its flag and exits with the usage code.
 */
import type { GenerateOptions } from '../../authoring/generator-options.ts';
import { COURSE_KINDS } from '../../courses/model.ts';
import type { CourseKind } from '../../courses/model.ts';
import { CliError, EXIT } from '../exit-codes.ts';

export interface GenerateCliOptions {
  out: string;
  json?: boolean;
  kind?: string;
  lessons?: string;
  lessonMinutes?: string;
  questions?: string;
  audience?: string;
  role?: string;
  tone?: 'neutral' | 'friendly' | 'formal';
  language?: string;
  expectLanguage?: string;
  smsSegments?: string;
  offline?: boolean;
}

/** @example readGenerateOptions({ out: 'x.yaml', lessons: '5' }).lessonCount // 5 */
export function readGenerateOptions(options: GenerateCliOptions): GenerateOptions {
  const number = (flag: string, value: string | undefined): number | undefined => {
    if (value === undefined) return undefined;
    const parsed = Number(value);
    if (!Number.isFinite(parsed))
      throw new CliError(`${flag}: "${value}" is not a number`, EXIT.usage);
    return parsed;
  };
  if (options.kind && !(COURSE_KINDS as readonly string[]).includes(options.kind)) {
    throw new CliError(`--kind: must be one of ${COURSE_KINDS.join(', ')}`, EXIT.usage);
  }
  return {
    kind: options.kind as CourseKind | undefined,
    lessonCount: number('--lessons', options.lessons),
    lessonMinutes: number('--lesson-minutes', options.lessonMinutes),
    questionsPerLesson: number('--questions', options.questions),
    audience: options.audience,
    role: options.role,
    tone: options.tone,
    outputLanguage: readLanguage('--language', options.language),
    smsSegments: number('--sms-segments', options.smsSegments),
  };
}

const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/**
 * A BCP 47 language tag whose language is a real one ("fr", "pt-BR"), as typed; undefined
 * when the flag is absent. Intl.getCanonicalLocales refuses a malformed tag ("e", "en_US!"),
 * and a well-formed one with no known language ("xx", "english") has no display name.
 * A real language the generator cannot write in is accepted; the generator warns about it.
 * @example readLanguage('--language', 'es') // 'es'
 */
export function readLanguage(flag: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const example = 'a language code such as en, es, fr or pt-BR';
  let language: string;
  try {
    const [canonical = ''] = Intl.getCanonicalLocales(value.trim());
    language = new Intl.Locale(canonical).language;
  } catch {
    throw new CliError(`${flag}: "${value}" is not a language tag; give ${example}`, EXIT.usage);
  }
  if (LANGUAGE_NAMES.of(language) === undefined) {
    throw new CliError(`${flag}: "${value}" is not a known language; give ${example}`, EXIT.usage);
  }
  return value.trim();
}
