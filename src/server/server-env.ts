import type { Logger } from '../shared/logger.ts';

/** What every request carries through Hono's context: its id and a logger bound to it. */
export interface ServerEnv {
  Variables: {
    requestId: string;
    logger: Logger;
  };
}
