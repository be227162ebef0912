/**
 * English phrases the conversation engine speaks. This catalog defines the set of message keys;
 * every other catalog must carry the same keys with the same {placeholders}.
 *
 * A count goes in a plural block, never before a fixed plural noun ("1 days"):
 * `{days, plural, one {# day} other {# days}}` (see plural-forms.ts).
 *
 * Plain ASCII on purpose: one curly apostrophe or dash switches a whole SMS to UCS-2 and
 * can double its cost (see the SMS encoding rules in the channel adapters).
 */
export const en = {
  'lesson.header': 'Lesson {position} of {total}: {title}',

  'question.tagged': 'Question {tag}: {prompt}',
  'hint.choices': 'Reply {choices}.',
  'hint.confidence': 'How confident are you? Reply 1-5 (1 = not at all, 5 = completely).',
  'hint.confidenceTagged': 'How confident are you? Reply {tag} and a number 1-5, like {tag} 4.',
  'hint.reflection': 'Reply with a few sentences in your own words.',
  'hint.reflectionTagged': 'Start your reply with {tag}, then write a few sentences.',
  'hint.cloze': 'Reply with the missing word or words.',
  'hint.clozeTagged': 'Start your reply with {tag}, then the missing word or words.',
  'hint.acknowledgement': 'Reply OK to confirm you have read this.',
  'hint.acknowledgementTagged': 'Reply {tag} OK to confirm you have read this.',
  'hint.rating': 'Reply with a number from 1 (lowest) to 5 (highest).',
  'hint.ratingTagged': 'Reply {tag} and a number from 1 to 5, like {tag} 4.',
  'word.ok': 'OK',
  'word.true': 'True',
  'word.false': 'False',
  'word.yourAnswer': 'your answer',
  'list.or': '{head} or {last}',

  'feedback.correct': 'Correct!',
  'feedback.incorrect': 'Not quite.',
  'feedback.rightAnswer': 'The right answer was {key}: {text}',
  'feedback.rightAnswerTrueFalse': 'The right answer was {answer}.',
  'feedback.reflectionThanks': 'Thanks for sharing your thoughts. Your reflection is saved.',
  'feedback.confidenceRecorded': 'Thanks, noted: {rating} out of 5.',
  'feedback.clozeRightAnswer': 'The missing words were: {answer}',
  'feedback.acknowledged': 'Thanks for confirming.',

  'answer.alreadyRecorded': 'Got it, your answer is already recorded.',
  'answer.firstCounts': 'You already answered {answer}. Your first answer is the one that counts.',
  'answer.firstReflectionKept':
    'You already sent a reflection for this question. We kept the first one.',

  'command.help':
    'Answer a question by replying with the letter of your choice, like B. ' +
    'Reply NEXT for the next lesson, PAUSE to hold your lessons, SNOOZE 3 to pause them ' +
    'for 3 days, START to continue, STOP to stop all messages, HELP to see this again.',
  'command.stop': 'You will not get any more lessons. Reply START if you want to continue.',
  'command.stopIntent':
    'Your lessons are paused. Reply STOP to stop them for good, or START to continue.',
  'command.start': 'Welcome back! Your lessons will continue.',
  'command.pause': 'Your lessons are paused. Reply START when you want them again.',
  'command.snooze':
    'Your lessons are paused for {days, plural, one {# day} other {# days}}. ' +
    'Reply START to resume sooner.',
  'command.snoozeCapped':
    'A snooze lasts at most {days, plural, one {# day} other {# days}}, so your lessons ' +
    'are paused for {days, plural, one {# day} other {# days}}. ' +
    'Reply START to resume sooner.',
  'command.nextWhilePaused':
    'Your lessons are paused. Reply START to continue, then NEXT for the next lesson.',
  'command.nextNone': 'There is no new lesson to send right now.',

  'notUnderstood.general': "Sorry, I didn't understand that. {hint}",
  'notUnderstood.empty': "I didn't receive an answer. {hint}",
  'notUnderstood.severalAnswers': 'Please choose just one answer. {hint}',
  'notUnderstood.noSuchOption': 'There is no option {given}. {hint}',
  'notUnderstood.outOfRange': '{given} is not on the scale. {hint}',

  'route.whichQuestion':
    'Which question are you answering? Start your reply with its number, like {examples}.',
  'route.unknownTag': 'Question {tag} is not open right now.',
  'route.staleButton': 'That question is closed now, so this answer was not recorded.',
  'route.nothingOpen':
    'There is no question waiting for your answer right now. Your next lesson is on its way. ' +
    'Reply HELP for options.',

  'course.complete': 'You have finished {course}. Well done!',

  'delivery.reminder': 'A reminder: this question is still waiting for your answer.',
  'delivery.review': 'Quick review from an earlier lesson:',
  'delivery.retention': 'A quick check on {course}, to help it stick:',
} as const;

export type MessageKey = keyof typeof en;
