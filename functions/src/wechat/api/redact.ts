/**
 * Removes secrets from text that may end up in a log line or an error: token-like query parameters and JSON
 * fields. WeChat error bodies do not echo tokens, but a proxy's HTML error page may echo the request URL.
 */
const SECRET_NAMES = [
  'access_token',
  'component_access_token',
  'authorizer_access_token',
  'authorizer_refresh_token',
  'refresh_token',
  'component_appsecret',
  'appsecret',
  'secret',
  'component_secret',
  'component_verify_ticket',
  'pre_auth_code',
  'authorization_code',
  'auth_code',
].join('|');

const QUERY_PAIR = new RegExp(`\\b(${SECRET_NAMES})=[^&\\s"'<>()]*`, 'gi');
const JSON_PAIR = new RegExp(`("(?:${SECRET_NAMES})"\\s*:\\s*)"[^"]*"`, 'gi');

export function redactSecrets(text: string): string {
  return text.replace(QUERY_PAIR, '$1=***').replace(JSON_PAIR, '$1"***"');
}

/** A short, redacted excerpt of a response body for an error message. */
export function bodyExcerpt(text: string, max = 200): string {
  const redacted = redactSecrets(text);
  return redacted.length > max ? `${redacted.slice(0, max)}…` : redacted;
}
