/** Stands in for the site's own origin: only whether a `next` stays on it matters. */
const OWN_ORIGIN = "https://bernard.invalid";

/**
 * Where to send someone after they sign in: the page they asked for if it is on this site, else
 * home. `next` is resolved the way a browser would resolve it against this site's address (tabs
 * and newlines dropped, `\` read as `/`, percent-escapes kept), and accepted only if it is a path
 * that stays on this origin; the normalised path is returned, so the page the browser opens is
 * the one that was checked (and is checked again, since `/..//x` normalises to `//x`). Shared by the server (single sign-on) and the browser (password
 * sign-in); no Node.js imports.
 */
export function pageAfterSignIn(next: string | null | undefined): string {
  if (!next?.startsWith("/")) return "/";
  const resolved = URL.parse(next, OWN_ORIGIN);
  if (resolved?.origin !== OWN_ORIGIN) return "/";
  const page = `${resolved.pathname}${resolved.search}${resolved.hash}`;
  // Dot segments can leave a path starting `//` (`/..//evil.example`), which would itself leave.
  return URL.parse(page, OWN_ORIGIN)?.href === resolved.href ? page : "/";
}
