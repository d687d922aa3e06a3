/**
 * Where to send someone after they sign in: the page they asked for if it is on this site, else
 * home. Anything that could leave the site (`//evil.example`, `https://…`, `/\evil`) goes home.
 * Shared by the server (single sign-on) and the browser (password sign-in); no Node.js imports.
 */
export function pageAfterSignIn(next: string | null | undefined): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
