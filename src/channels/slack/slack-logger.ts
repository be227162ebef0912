/**
 * The Slack client's logger, written into ours. Its debug lines carry request bodies (what
 * a learner is sent), so they are dropped; the rest keep their level. Without this the
 * client would print to the console.
 */
import { LogLevel, type Logger as SlackLogger } from '@slack/web-api';
import type { Logger } from '../../shared/logger.ts';

export function slackClientLogger(logger: Logger): SlackLogger {
  const line = (parts: unknown[]) => parts.map((part) => String(part)).join(' ');
  let level = LogLevel.INFO;
  return {
    debug: () => undefined,
    info: (...parts: unknown[]) => logger.debug({ client: 'slack' }, line(parts)),
    warn: (...parts: unknown[]) => logger.warn({ client: 'slack' }, line(parts)),
    error: (...parts: unknown[]) => logger.error({ client: 'slack' }, line(parts)),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
