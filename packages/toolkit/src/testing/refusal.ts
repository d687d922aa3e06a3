import type { RawResponse } from "./send-raw.js";

/**
 * Whether a server refused a request before any route ran for it: 401, 403 or 404, or a 400
 * for an address it cannot read (the router's `BAD_URL`, the HTTP parser's "Client Error").
 * A 400 from validation is no refusal: it means the request got past authentication.
 */
export function isRefusal(response: RawResponse, method: string): boolean {
  if ([401, 403, 404].includes(response.status)) return true;
  if (response.status !== 400) return false;
  // A HEAD answer has no body to tell which 400 it is; the GET of the same path does.
  if (method === "HEAD") return true;
  if (response.body.includes('"message":"Client Error"')) return true;
  try {
    return (JSON.parse(response.body) as { error?: { code?: string } }).error?.code === "BAD_URL";
  } catch {
    return false;
  }
}
