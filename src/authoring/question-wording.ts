/**
 * Every sentence the generator writes around the author's own text, in English and Spanish.
 * Content in other languages gets the English wording.
 */
import type { ContentLanguage } from './language.ts';

export interface Wording {
  blank: string;
  fillInPrompt: (blanked: string) => string;
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
  rightChoice: (answer, sentence) => `Correct: "${answer}". The lesson says: "${sentence}"`,
  wrongChoice: (choice, answer, sentence) =>
    `Not quite: "${choice}" does not fit; the answer is "${answer}". ` +
    `The lesson says: "${sentence}"`,
  quote: (sentence) => `From the lesson: "${sentence}"`,
  trueFalsePrompt: (statement) => `True or false? "${statement}"`,
  trueLabel: 'True',
  falseLabel: 'False',
  statedTrue: (sentence) => `Correct: the lesson says exactly this: "${sentence}"`,
  missedTrue: (sentence) => `Not quite: this is true. The lesson says: "${sentence}"`,
  caughtFalse: (answer, swapped, sentence) =>
    `Correct: it is "${answer}", not "${swapped}". The lesson says: "${sentence}"`,
  missedFalse: (answer, swapped, sentence) =>
    `Not quite: it is "${answer}", not "${swapped}". The lesson says: "${sentence}"`,
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
  rightChoice: (answer, sentence) => `Correcto: «${answer}». La lección dice: «${sentence}»`,
  wrongChoice: (choice, answer, sentence) =>
    `No exactamente: «${choice}» no encaja; la respuesta es «${answer}». ` +
    `La lección dice: «${sentence}»`,
  quote: (sentence) => `De la lección: «${sentence}»`,
  trueFalsePrompt: (statement) => `¿Verdadero o falso? «${statement}»`,
  trueLabel: 'Verdadero',
  falseLabel: 'Falso',
  statedTrue: (sentence) => `Correcto: la lección dice exactamente esto: «${sentence}»`,
  missedTrue: (sentence) => `No exactamente: es verdadero. La lección dice: «${sentence}»`,
  caughtFalse: (answer, swapped, sentence) =>
    `Correcto: es «${answer}», no «${swapped}». La lección dice: «${sentence}»`,
  missedFalse: (answer, swapped, sentence) =>
    `No exactamente: es «${answer}», no «${swapped}». La lección dice: «${sentence}»`,
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
