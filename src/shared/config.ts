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
  /** 32 bytes, base64 or hex, that encrypt channel credentials at rest. */
  INFLOW_CREDENTIALS_KEY: z
    .string()
    .regex(
      /^\s*([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=?)\s*$/,
      '32 bytes as base64 (44 characters) or hex (64); try `openssl rand -base64 32`',
    )
    .optional(),
  /** The address providers call, e.g. https://inflow.example.com, when behind a proxy. */
  INFLOW_PUBLIC_URL: z.string().url().optional(),
  /** Signs web lesson links (/learn pages); at least 32 characters. */
  INFLOW_LINK_SIGNING_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
});

export interface Config {
  databaseUrl?: string;
  dataDir: string;
  logLevel: string;
  prettyLogs: boolean;
  port: number;
  host: string;
  /** INFLOW_CREDENTIALS_KEY as given; parsed where credentials are used. */
  credentialsKey?: string;
  /** INFLOW_PUBLIC_URL without a trailing slash. */
  publicUrl?: string;
  /** INFLOW_LINK_SIGNING_KEY: without it there are no web lesson pages or links to them. */
  linkSigningKey?: string;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An exported but empty variable (`export DATABASE_URL=`) means "not set".
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = configSchema.safeParse(present);
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
    credentialsKey: values.INFLOW_CREDENTIALS_KEY?.trim(),
    publicUrl: values.INFLOW_PUBLIC_URL?.replace(/\/+$/, ''),
    linkSigningKey: values.INFLOW_LINK_SIGNING_KEY,
  };
}
