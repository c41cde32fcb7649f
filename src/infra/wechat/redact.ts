/** Query parameters of WeChat API URLs that are credentials. */
const SECRET_PARAMS = /\b(access_token|secret|appsecret|component_access_token|authorizer_access_token)=([^&\s"'<>]+)/gi;

/**
 * Removes credentials from text that may be logged, shown or stored: every
 * `access_token=`/`secret=` query value, and any literal value given (the account's
 * AppSecret, the token in use), wherever it appears.
 */
export function redactSecrets(text: string, literals: Iterable<string | undefined> = []): string {
  let out = text.replace(SECRET_PARAMS, '$1=***');
  for (const literal of literals) if (literal && literal.length >= 6) out = out.split(literal).join('***');
  return out;
}
