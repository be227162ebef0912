import type { MessageKey } from './en.ts';

/** Spanish phrases of the conversation engine, addressed informally (tu), as chat usually is. */
export const es: Record<MessageKey, string> = {
  'lesson.header': 'Lección {position} de {total}: {title}',

  'question.tagged': 'Pregunta {tag}: {prompt}',
  'hint.choices': 'Responde {choices}.',
  'hint.confidence': '¿Cuánta confianza tienes? Responde 1-5 (1 = ninguna, 5 = total).',
  'hint.confidenceTagged':
    '¿Cuánta confianza tienes? Responde {tag} y un número del 1 al 5, por ejemplo {tag} 4.',
  'hint.reflection': 'Responde con unas frases en tus propias palabras.',
  'hint.reflectionTagged': 'Empieza tu respuesta con {tag} y luego escribe unas frases.',
  'hint.cloze': 'Responde con la palabra o las palabras que faltan.',
  'hint.clozeTagged': 'Empieza tu respuesta con {tag} y luego la palabra que falta.',
  'hint.acknowledgement': 'Responde OK para confirmar que lo has leído.',
  'hint.acknowledgementTagged': 'Responde {tag} OK para confirmar que lo has leído.',
  'hint.rating': 'Responde con un número del 1 (mínimo) al 5 (máximo).',
  'hint.ratingTagged': 'Responde {tag} y un número del 1 al 5, por ejemplo {tag} 4.',
  'word.ok': 'OK',
  'word.true': 'Verdadero',
  'word.false': 'Falso',
  'word.yourAnswer': 'tu respuesta',
  'list.or': '{head} o {last}',

  'feedback.correct': '¡Correcto!',
  'feedback.incorrect': 'No es correcto.',
  'feedback.rightAnswer': 'La respuesta correcta era {key}: {text}',
  'feedback.rightAnswerTrueFalse': 'La respuesta correcta era {answer}.',
  'feedback.reflectionThanks': 'Gracias por compartir tus ideas. Guardamos tu reflexión.',
  'feedback.confidenceRecorded': 'Gracias, anotado: {rating} de 5.',
  'feedback.clozeRightAnswer': 'Las palabras que faltaban eran: {answer}',
  'feedback.acknowledged': 'Gracias por confirmarlo.',

  'answer.alreadyRecorded': 'Entendido, tu respuesta ya está registrada.',
  'answer.firstCounts': 'Ya respondiste {answer}. Cuenta tu primera respuesta.',
  'answer.firstReflectionKept':
    'Ya enviaste una reflexión para esta pregunta. Guardamos la primera.',

  'command.help':
    'Para responder, envía la letra de tu opción, por ejemplo B. ' +
    'Envía SIGUIENTE para la próxima lección, PAUSA para detener tus lecciones, ' +
    'POSPONER 3 para pausarlas 3 días, START para continuar, PARAR para no recibir más ' +
    'mensajes y AYUDA para ver esto otra vez.',
  // START and STOP stay in English: SMS carriers only act on those exact keywords.
  'command.stop': 'Ya no recibirás más lecciones. Responde START si quieres continuar.',
  'command.stopIntent':
    'Pausamos tus lecciones. Responde STOP para dejarlas del todo o START para continuar.',
  'command.start': '¡Hola de nuevo! Tus lecciones continuarán.',
  'command.pause': 'Pausamos tus lecciones. Responde START cuando quieras recibirlas otra vez.',
  'command.snooze':
    'Pausamos tus lecciones durante {days, plural, one {# día} other {# días}}. ' +
    'Responde START para retomarlas antes.',
  'command.snoozeCapped':
    'Solo se puede posponer {days, plural, one {# día} other {# días}} como máximo: ' +
    'pausamos tus lecciones durante {days, plural, one {# día} other {# días}}. ' +
    'Responde START para retomarlas antes.',
  'command.nextWhilePaused':
    'Tus lecciones están en pausa. Responde START para continuar y luego SIGUIENTE.',
  'command.nextNone': 'Ahora mismo no hay ninguna lección nueva para enviarte.',

  'notUnderstood.general': 'Perdona, no entendí tu mensaje. {hint}',
  'notUnderstood.empty': 'No recibí ninguna respuesta. {hint}',
  'notUnderstood.severalAnswers': 'Elige solo una respuesta. {hint}',
  'notUnderstood.noSuchOption': 'No hay ninguna opción {given}. {hint}',
  'notUnderstood.outOfRange': '{given} no está en la escala. {hint}',

  'route.whichQuestion':
    '¿Qué pregunta estás respondiendo? Empieza tu respuesta con su número, por ejemplo {examples}.',
  'route.unknownTag': 'La pregunta {tag} no está abierta ahora.',
  'route.staleButton': 'Esa pregunta ya está cerrada, así que esta respuesta no se registró.',
  'route.nothingOpen':
    'Ahora no hay ninguna pregunta esperando tu respuesta. Tu próxima lección llegará pronto. ' +
    'Responde AYUDA para ver las opciones.',

  'course.complete': 'Terminaste {course}. ¡Buen trabajo!',

  'delivery.reminder': 'Un recordatorio: esta pregunta sigue esperando tu respuesta.',
  'delivery.review': 'Repaso rápido de una lección anterior:',
  'delivery.retention': 'Un repaso rápido de {course}, para que no se olvide:',
};
