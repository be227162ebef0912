import { describe, expect, it } from 'vitest';
import { readCommand } from './reply-commands.ts';

/**
 * Pitfall SMS-04: every carrier keyword, in the forms people type them. Twilio's default
 * opt-out list includes REVOKE and OPTOUT, added after the FCC's 2024 rule; only an exact
 * single word, in any case, counts.
 */
const OPT_OUT = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'];
const OPT_IN = ['START', 'UNSTOP'];
const HELP = ['HELP', 'INFO'];

const forms = (keyword: string) => [
  keyword,
  keyword.toLowerCase(),
  keyword.charAt(0) + keyword.slice(1).toLowerCase(),
  `  ${keyword.toLowerCase()} \n`,
  `\t${keyword}\r\n`,
];

describe('carrier keywords (pitfall SMS-04)', () => {
  it.each(OPT_OUT.flatMap(forms))('opts out at once on %j', (text) => {
    expect(readCommand(text)).toBe('stop');
  });

  it.each(OPT_IN.flatMap(forms))('opts back in on %j', (text) => {
    expect(readCommand(text)).toBe('start');
  });

  it.each(HELP.flatMap(forms))('answers help on %j', (text) => {
    expect(readCommand(text)).toBe('help');
  });

  it.each(['ARRET', 'Arrêt', 'arret'])('honours the French-Canadian opt-out %j', (text) => {
    expect(readCommand(text)).toBe('stop');
  });

  it.each(['Stop.', 'Stop. Thank you', 'please stop texting me'])(
    'reads %j as an intent to pause, not a carrier opt-out',
    (text) => {
      expect(readCommand(text)).toBe('stop_intent');
    },
  );

  it.each(['stop123', 'STOPPED', 'unsubscribed', 'starting'])('changes nothing on %j', (text) => {
    expect(readCommand(text)).toBeNull();
  });

  it('leaves YES to be an answer; the SMS adapter maps a carrier-handled YES to START', () => {
    expect(readCommand('YES')).toBeNull();
  });
});
