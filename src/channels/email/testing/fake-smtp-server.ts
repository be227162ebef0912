/**
 * A mail server on 127.0.0.1 speaking SMTP (RFC 5321) through the smtp-server package: it
 * requires AUTH with the configured user, records every accepted message parsed as a mail
 * client would read it, and can refuse a recipient or defer a message with a given reply.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface ReceivedMail {
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  messageId: string;
  /** Header values as sent, unfolded, by lower-case name. */
  headers: Record<string, string>;
}

type SmtpReply = Error & { responseCode: number };

export class FakeSmtpServer {
  readonly received: ReceivedMail[] = [];
  readonly logins: string[] = [];
  private readonly refusedRecipients = new Map<string, { code: number; message: string }>();
  private readonly dataReplies: { code: number; message: string }[] = [];

  private constructor(
    private readonly server: SMTPServer,
    readonly port: number,
  ) {}

  static async start(login: { user: string; pass: string }): Promise<FakeSmtpServer> {
    // The server's callbacks need the instance, which needs the server: filled in below.
    const ready: { fake?: FakeSmtpServer } = {};
    const server = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        ready.fake?.logins.push(auth.username ?? '');
        if (auth.username === login.user && auth.password === login.pass) {
          return callback(null, { user: auth.username });
        }
        return callback(reply(535, '5.7.8 Authentication credentials invalid'));
      },
      onRcptTo(address, _session, callback) {
        const refusal = ready.fake?.refusedRecipients.get(address.address.toLowerCase());
        if (refusal) return callback(reply(refusal.code, refusal.message));
        return callback();
      },
      onData(stream, session, callback) {
        const deferred = ready.fake?.dataReplies.shift();
        simpleParser(stream)
          .then((mail) => {
            if (deferred) return callback(reply(deferred.code, deferred.message));
            ready.fake?.received.push({
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((recipient) => recipient.address),
              subject: mail.subject ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              text: mail.text ?? '',
              messageId: mail.messageId ?? '',
              headers: Object.fromEntries(
                mail.headerLines.map((header) => [
                  header.key,
                  header.line
                    .slice(header.line.indexOf(':') + 1)
                    .replace(/\r?\n\s+/g, ' ')
                    .trim(),
                ]),
              ),
            });
            callback();
          })
          .catch((error: unknown) =>
            callback(error instanceof Error ? error : new Error(String(error))),
          );
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.server.address() as AddressInfo;
    ready.fake = new FakeSmtpServer(server, address.port);
    return ready.fake;
  }

  /** RCPT TO this address gets the reply (550 "no such user", 452, ...). */
  refuseRecipient(address: string, code: number, message: string): void {
    this.refusedRecipients.set(address.toLowerCase(), { code, message });
  }

  /** The next message's DATA gets this reply instead of 250 (451 "try again later", ...). */
  replyToNextData(code: number, message: string): void {
    this.dataReplies.push({ code, message });
  }

  mailsTo(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address.toLowerCase()));
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function reply(code: number, message: string): SmtpReply {
  return Object.assign(new Error(message), { responseCode: code });
}
