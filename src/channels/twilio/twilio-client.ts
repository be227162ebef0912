/**
 * The official Twilio SDK client for one account. Tests and private deployments point it at
 * another API host through the SDK's supported hook, a custom HTTP client (`httpClient`):
 * ours is the SDK's own RequestClient with the origin of each URL replaced.
 */
import twilio from 'twilio';

type RequestOptions = Parameters<InstanceType<typeof twilio.RequestClient>['request']>[0];

/** Twilio answers within seconds; a send stuck longer is retried by the outbox instead. */
const REQUEST_TIMEOUT_MS = 15_000;

class RedirectedRequestClient extends twilio.RequestClient {
  constructor(private readonly baseUrl: URL) {
    super({ timeout: REQUEST_TIMEOUT_MS });
  }

  override request<TData>(options: RequestOptions & { data?: TData }) {
    const uri = new URL(options.uri);
    uri.protocol = this.baseUrl.protocol;
    uri.host = this.baseUrl.host;
    return super.request<TData>({ ...options, uri: uri.href });
  }
}

export type TwilioClient = ReturnType<typeof twilio>;

/**
 * @example createTwilioClient(creds) // talks to api.twilio.com
 * @example createTwilioClient(creds, 'http://127.0.0.1:4010') // talks to a fake
 */
export function createTwilioClient(
  credentials: { accountSid: string; authToken: string },
  apiBaseUrl?: string,
): TwilioClient {
  const httpClient = apiBaseUrl
    ? new RedirectedRequestClient(new URL(apiBaseUrl))
    : new twilio.RequestClient({ timeout: REQUEST_TIMEOUT_MS });
  return twilio(credentials.accountSid, credentials.authToken, { httpClient });
}
