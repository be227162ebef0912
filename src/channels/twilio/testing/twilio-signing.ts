/**
 * Twilio's request signature computed from its documentation, independently of the SDK that
 * checks it: base64(HMAC-SHA1(authToken, url + name1 + value1 + name2 + value2 ...)), the
 * POST parameters in name order. The fake server signs with it, and tests build vectors.
 */
import { createHmac } from 'node:crypto';

export function signTwilioRequest(
  authToken: string,
  url: string,
  params: Record<string, string>,
): string {
  const data = Object.keys(params)
    .sort()
    .reduce((signed, name) => signed + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}
