import nodemailer, { type Transporter } from 'nodemailer';
import { err, ok } from '../../shared/result.ts';
import { defineChannelFactory } from '../channel-factory.ts';
import { EmailChannel } from './email-channel.ts';
import {
  EMAIL_SECRET_FIELDS,
  emailCredentialsSchema,
  type EmailCredentials,
} from './email-credentials.ts';

/** Connect and socket timeouts: a stuck mail server fails the send, and the queue retries. */
const TIMEOUT_MS = 15_000;

/** A nodemailer SMTP transport for the organization's mail server. */
export function smtpTransport(credentials: EmailCredentials): Transporter {
  return nodemailer.createTransport({
    host: credentials.host,
    port: credentials.port,
    secure: credentials.security === 'tls',
    requireTLS: credentials.security === 'starttls',
    ignoreTLS: credentials.security === 'none',
    ...(credentials.username
      ? { auth: { user: credentials.username, pass: credentials.password ?? '' } }
      : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
}

export const emailChannelFactory = defineChannelFactory<EmailCredentials>({
  kind: 'email',
  credentialsSchema: emailCredentialsSchema,
  secretFields: EMAIL_SECRET_FIELDS,
  create: (credentials, dependencies) =>
    new EmailChannel({
      organizationId: dependencies.organizationId,
      db: dependencies.db,
      logger: dependencies.logger,
      credentials,
      transport: smtpTransport(credentials),
      publicBaseUrl: dependencies.publicBaseUrl,
      now: () => dependencies.clock.now(),
    }),
  /** Connects, says EHLO, upgrades to TLS and logs in as configured; sends no mail. */
  check: async (credentials, dependencies) => {
    const transport = smtpTransport(credentials);
    try {
      await transport.verify();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return err(`The mail server ${credentials.host}:${credentials.port} refused: ${reason}`);
    } finally {
      transport.close();
    }
    if (!dependencies.publicBaseUrl) {
      return err('The mail server is fine, but answer links need the public URL of this server');
    }
    return ok(`Connected to ${credentials.host}:${credentials.port} and logged in`);
  },
});
