/**
 * Every sentence the generator writes around the author's own text, in English and Spanish,
 * in three tones. Content in other languages gets the English wording.
 */
import type { ContentLanguage } from './language.ts';

export const TONES = ['neutral', 'friendly', 'formal'] as const;
export type Tone = (typeof TONES)[number];

export interface Wording {
  blank: string;
  fillInPrompt: (blanked: string) => string;
  clozePrompt: (blanked: string) => string;
  /** Option feedback: the engine adds "Correct!"/"Not quite.", the right answer and the quote. */
  rightChoice: (answer: string, sentence: string) => string;
  wrongChoice: (choice: string, answer: string, sentence: string) => string;
  quote: (sentence: string) => string;
  trueFalsePrompt: (statement: string) => string;
  trueLabel: string;
  falseLabel: string;
  statedTrue: (sentence: string) => string;
  missedTrue: (sentence: string) => string;
  caughtFalse: (answer: string, swapped: string, sentence: string) => string;
  missedFalse: (answer: string, swapped: string, sentence: string) => string;
  stepPrompt: (step: number, procedure: string) => string;
  rightStep: (step: number, text: string) => string;
  wrongStep: (chosen: number, step: number, text: string) => string;
  theProcedure: string;
  reflectionPrompt: (courseTitle: string, role?: string) => string;
  reflectionExplanation: string;
  surveyClarityPrompt: (topic: string) => string;
  surveyRelevancePrompt: (topic: string, role?: string) => string;
  surveyOpenPrompt: (topic: string) => string;
  surveyExplanation: string;
  acknowledgePrompt: string;
  acknowledgeLabel: string;
  continued: (title: string) => string;
  description: (lessons: number, minutes: number, sourceName: string, audience?: string) => string;
}

const ENGLISH: Wording = {
  blank: '_____',
  fillInPrompt: (blanked) => `Fill in the blank: "${blanked}"`,
  clozePrompt: (blanked) => `Type the missing word: "${blanked}"`,
  rightChoice: (_answer, sentence) => `The lesson says: "${sentence}"`,
  wrongChoice: (choice) => `"${choice}" does not fit here.`,
  quote: (sentence) => `From the lesson: "${sentence}"`,
  trueFalsePrompt: (statement) => `True or false? "${statement}"`,
  trueLabel: 'True',
  falseLabel: 'False',
  statedTrue: (sentence) => `The lesson says exactly this: "${sentence}"`,
  missedTrue: () => 'The lesson states this as written.',
  caughtFalse: (answer, swapped, sentence) => `It is "${answer}", not "${swapped}": "${sentence}"`,
  missedFalse: (answer, swapped) => `It is "${answer}", not "${swapped}".`,
  stepPrompt: (step, procedure) => `In "${procedure}", what is step ${step}?`,
  rightStep: (step, text) => `Step ${step} is "${text}".`,
  wrongStep: (chosen, step, text) => `That is step ${chosen}. Step ${step} is "${text}".`,
  theProcedure: 'the procedure',
  reflectionPrompt: (courseTitle, role) =>
    `Looking back on "${courseTitle}": what is one thing you will do differently ` +
    `${role ? `as ${withArticle(role)} ` : ''}at work this week, and why?`,
  reflectionExplanation:
    'There is no right or wrong answer: putting the lesson in your own words helps you ' +
    'remember it and use it.',
  surveyClarityPrompt: (topic) => `How clear is "${topic}" to you?`,
  surveyRelevancePrompt: (topic, role) =>
    `How relevant is "${topic}" to your work${role ? ` as ${withArticle(role)}` : ''}?`,
  surveyOpenPrompt: (topic) => `What questions or concerns do you have about "${topic}"?`,
  surveyExplanation: 'There are no right or wrong answers; your replies help us improve.',
  acknowledgePrompt: 'Please reply OK to confirm you have read this update.',
  acknowledgeLabel: 'OK',
  continued: (title) => `${title} (continued)`,
  description: (lessons, minutes, sourceName, audience) =>
    `${audience ? `For ${audience}: ` : ''}` +
    `${lessons} short ${lessons === 1 ? 'lesson' : 'lessons'}, about ${minutes} ` +
    `${minutes === 1 ? 'minute' : 'minutes'} of reading in all, generated from "${sourceName}".`,
};

const SPANISH: Wording = {
  blank: '_____',
  fillInPrompt: (blanked) => `Completa el espacio: «${blanked}»`,
  clozePrompt: (blanked) => `Escribe la palabra que falta: «${blanked}»`,
  rightChoice: (_answer, sentence) => `La lección dice: «${sentence}»`,
  wrongChoice: (choice) => `«${choice}» no encaja aquí.`,
  quote: (sentence) => `De la lección: «${sentence}»`,
  trueFalsePrompt: (statement) => `¿Verdadero o falso? «${statement}»`,
  trueLabel: 'Verdadero',
  falseLabel: 'Falso',
  statedTrue: (sentence) => `La lección dice exactamente esto: «${sentence}»`,
  missedTrue: () => 'La lección lo afirma tal cual.',
  caughtFalse: (answer, swapped, sentence) => `Es «${answer}», no «${swapped}»: «${sentence}»`,
  missedFalse: (answer, swapped) => `Es «${answer}», no «${swapped}».`,
  stepPrompt: (step, procedure) => `En «${procedure}», ¿cuál es el paso ${step}?`,
  rightStep: (step, text) => `El paso ${step} es «${text}».`,
  wrongStep: (chosen, step, text) => `Ese es el paso ${chosen}. El paso ${step} es «${text}».`,
  theProcedure: 'el procedimiento',
  reflectionPrompt: (courseTitle, role) =>
    `Pensando en «${courseTitle}»: ¿qué harás de otra manera en tu trabajo` +
    `${role ? ` como ${role}` : ''} esta semana, y por qué?`,
  reflectionExplanation:
    'No hay respuestas correctas ni incorrectas: explicar la lección con tus propias palabras ' +
    'te ayuda a recordarla y aplicarla.',
  surveyClarityPrompt: (topic) => `¿Qué tan claro te resulta «${topic}»?`,
  surveyRelevancePrompt: (topic, role) =>
    `¿Qué tan útil es «${topic}» para tu trabajo${role ? ` como ${role}` : ''}?`,
  surveyOpenPrompt: (topic) => `¿Qué dudas o inquietudes tienes sobre «${topic}»?`,
  surveyExplanation: 'No hay respuestas correctas ni incorrectas; tus respuestas nos ayudan.',
  acknowledgePrompt: 'Responde OK para confirmar que has leído este aviso.',
  acknowledgeLabel: 'OK',
  continued: (title) => `${title} (continuación)`,
  description: (lessons, minutes, sourceName, audience) =>
    `${audience ? `Para ${audience}: ` : ''}` +
    `${lessons} ${lessons === 1 ? 'lección breve' : 'lecciones breves'}, ` +
    `${minutes === 1 ? 'un minuto' : `unos ${minutes} minutos`} de lectura en total, ` +
    `a partir de «${sourceName}».`,
};

function withArticle(role: string): string {
  if (/^(a|an|the)\s/i.test(role)) return role;
  return /^[aeiou]/i.test(role) ? `an ${role}` : `a ${role}`;
}

/** The tone changes only the sentences the generator writes itself, never the author's. */
function withTone(wording: Wording, tone: Tone, language: ContentLanguage): Wording {
  if (tone === 'neutral') return wording;
  const spanish = language === 'es';
  if (tone === 'friendly') {
    return {
      ...wording,
      reflectionPrompt: (title, role) =>
        `${spanish ? 'Una última pregunta.' : 'One last thing!'} ${wording.reflectionPrompt(title, role)}`,
      acknowledgePrompt: spanish
        ? '¿Lo has leído? Responde OK y listo.'
        : 'All read? Just reply OK to let us know.',
      surveyExplanation: spanish
        ? '¡Gracias! No hay respuestas malas: tu opinión nos ayuda de verdad.'
        : 'Thanks! There are no wrong answers, and your view really helps.',
    };
  }
  return {
    ...wording,
    acknowledgePrompt: spanish
      ? 'Le rogamos que responda OK para confirmar la lectura de este aviso.'
      : 'Kindly reply OK to confirm that you have read this notice.',
    surveyExplanation: spanish
      ? 'Sus respuestas son confidenciales y nos ayudan a mejorar.'
      : 'Your responses are confidential and help us improve.',
  };
}

export function wordingFor(language: ContentLanguage, tone: Tone = 'neutral'): Wording {
  return withTone(language === 'es' ? SPANISH : ENGLISH, tone, language);
}
