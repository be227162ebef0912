import { describe, expect, it } from 'vitest';
import { readCommand } from './reply-commands.ts';

describe('readCommand', () => {
  it.each([
    // Exact single keywords opt out, any case, surrounding whitespace ignored (carrier rule).
    ['STOP', 'stop'],
    ['stop', 'stop'],
    ['  Stop \n', 'stop'],
    ['StopAll', 'stop'],
    ['REVOKE', 'stop'],
    ['optout', 'stop'],
    ['UNSUBSCRIBE', 'stop'],
    ['parar', 'stop'],
    ['Parar', 'stop'],
    // Not a keyword, but clearly meant: pause and ask.
    ['Stop.', 'stop_intent'],
    ['Stop. Thank you', 'stop_intent'],
    ['please stop texting me', 'stop_intent'],
    ['por favor dejen de enviar mensajes', 'stop_intent'],
    ['START', 'start'],
    ['unstop', 'start'],
    ['help', 'help'],
    ['HELP', 'help'],
    ['Ayuda', 'help'],
    ['help?', 'help'],
    ['next', 'next'],
    ['Siguiente', 'next'],
  ])('reads "%s" as %s', (text, command) => {
    expect(readCommand(text)).toBe(command);
  });

  it.each([
    'stop123',
    'Stop and check who sent the link before clicking it',
    'hay que parar',
    'B',
    'no',
    'next time I will report it',
  ])('does not read "%s" as a command', (text) => {
    expect(readCommand(text)).toBeNull();
  });
});
