import { z } from 'zod';

/**
 * Configuration is read from the environment once, at start, and passed down. Engines never
 * read process.env themselves.
 */
const configSchema = z.object({
  DATABASE_URL: z.string().url().optional(),
  INFLOW_DATA_DIR: z.string().min(1).default('./.inflow'),
  INFLOW_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  INFLOW_LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('127.0.0.1'),
  NODE_ENV: z.string().optional(),
});

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  prettyLogs: boolean;
  port: number;
  host: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message}`,
    );
    throw new Error(`Invalid configuration: ${problems.join('; ')}`);
  }
  const values = parsed.data;
  const prettyDefault = values.NODE_ENV !== 'production' && Boolean(process.stderr.isTTY);
  return {
    databaseUrl: values.DATABASE_URL,
    dataDir: values.INFLOW_DATA_DIR,
    logLevel: values.INFLOW_LOG_LEVEL,
    prettyLogs: values.INFLOW_LOG_FORMAT ? values.INFLOW_LOG_FORMAT === 'pretty' : prettyDefault,
    port: values.PORT,
    host: values.HOST,
  };
}
