import type { FastifyRequest } from "fastify";

/** Query parameters that carry secrets wherever they appear (OpenID Connect codes, tokens). */
const SECRET_QUERY_PARAMETERS = new Set([
  "code",
  "state",
  "token",
  "access_token",
  "id_token",
  "refresh_token",
  "client_secret",
  "password",
]);
const REDACTED = "[redacted]";

const safeDecode = (part: string) => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
};

/**
 * The URL as it may be written to a log: the path segment after any of `secretPathPrefixes`
 * (e.g. `/api/invitations/` for `/api/invitations/<token>/accept`) and the values of secret
 * query parameters become `[redacted]`. Prefixes are matched on the decoded path, so
 * `/api/%69nvitations/<token>` is redacted too.
 */
export function redactUrl(url: string, secretPathPrefixes: readonly string[]): string {
  const queryStart = url.indexOf("?");
  const path = queryStart === -1 ? url : url.slice(0, queryStart);
  const query = queryStart === -1 ? undefined : url.slice(queryStart + 1);

  const segments = path.split("/");
  const decoded = segments.map(safeDecode);
  for (const prefix of secretPathPrefixes) {
    const depth = prefix.split("/").length - 1; // "/api/invitations/" → the secret is segment 3
    if (decoded.slice(0, depth).join("/") + "/" === prefix && segments.length > depth) {
      segments[depth] = REDACTED;
    }
  }
  const redactedQuery = query
    ?.split("&")
    .map((pair) => {
      const [name = "", ...value] = pair.split("=");
      return SECRET_QUERY_PARAMETERS.has(safeDecode(name.replaceAll("+", " ")).toLowerCase()) &&
        value.length > 0
        ? `${name}=${REDACTED}`
        : pair;
    })
    .join("&");
  return segments.join("/") + (redactedQuery === undefined ? "" : `?${redactedQuery}`);
}

/** Fastify's request serializer with the URL redacted; the rest as Fastify logs it. */
export function requestSerializer(secretPathPrefixes: readonly string[]) {
  return (request: FastifyRequest) => ({
    method: request.method,
    url: redactUrl(request.url, secretPathPrefixes),
    host: request.host,
    remoteAddress: request.ip,
    remotePort: request.socket?.remotePort,
  });
}
