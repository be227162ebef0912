/**
 * Every sentence the generator writes around the author's own text, in English and Spanish.
 * Content in other languages gets the English wording.
 */
import type { ContentLanguage } from './language.ts';

export interface Wording {
  blank: string;
  fillInPrompt: (blanked: string) => string;
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
  reflectionPrompt: (courseTitle: string) => string;
  reflectionExplanation: string;
  continued: (title: string) => string;
  description: (lessons: number, minutes: number, sourceName: string) => string;
}

const ENGLISH: Wording = {
  blank: '_____',
  fillInPrompt: (blanked) => `Fill in the blank: "${blanked}"`,
  rightChoice: (_answer, sentence) => `The lesson says: "${sentence}"`,
  wrongChoice: (choice) => `"${choice}" does not fit here.`,
  quote: (sentence) => `From the lesson: "${sentence}"`,
  trueFalsePrompt: (statement) => `True or false? "${statement}"`,
  trueLabel: 'True',
  falseLabel: 'False',
  statedTrue: (sentence) => `The lesson says exactly this: "${sentence}"`,
  missedTrue: () => 'The lesson states this as written.',
  caughtFalse: (answer, swapped, sentence) =>
    `It is "${answer}", not "${swapped}": "${sentence}"`,
  missedFalse: (answer, swapped) => `It is "${answer}", not "${swapped}".`,
  reflectionPrompt: (courseTitle) =>
    `Looking back on "${courseTitle}": what is one thing you will do differently at work ` +
    'this week, and why?',
  reflectionExplanation:
    'There is no right or wrong answer: putting the lesson in your own words helps you ' +
    'remember it and use it.',
  continued: (title) => `${title} (continued)`,
  description: (lessons, minutes, sourceName) =>
    `${lessons} short ${lessons === 1 ? 'lesson' : 'lessons'}, about ${minutes} ` +
    `${minutes === 1 ? 'minute' : 'minutes'} of reading in all, generated from "${sourceName}".`,
};

const SPANISH: Wording = {
  blank: '_____',
  fillInPrompt: (blanked) => `Completa el espacio: «${blanked}»`,
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
  reflectionPrompt: (courseTitle) =>
    `Pensando en «${courseTitle}»: ¿qué harás de otra manera en tu trabajo esta semana, ` +
    'y por qué?',
  reflectionExplanation:
    'No hay respuestas correctas ni incorrectas: explicar la lección con tus propias palabras ' +
    'te ayuda a recordarla y aplicarla.',
  continued: (title) => `${title} (continuación)`,
  description: (lessons, minutes, sourceName) =>
    `${lessons} ${lessons === 1 ? 'lección breve' : 'lecciones breves'}, ` +
    `${minutes === 1 ? 'un minuto' : `unos ${minutes} minutos`} de lectura en total, ` +
    `a partir de «${sourceName}».`,
};

export function wordingFor(language: ContentLanguage): Wording {
  return language === 'es' ? SPANISH : ENGLISH;
}
