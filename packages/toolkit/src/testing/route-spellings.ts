/**
 * Other spellings of one request path that a router, a proxy or a prefix check might each read
 * differently: percent-encoded letters (each position, upper and lower hex), double encoding,
 * `//`, dot segments (plain and encoded), case changes, trailing `/`, `.`, `;matrix`, NUL and
 * other control characters, `?` and `#`, backslashes and encoded slashes, overlong UTF-8. A
 * route that authenticates by the route it matched refuses every one of them as it does the
 * plain path; tests send them all (see `sendRaw`, which sends a path exactly as written).
 */
export function routeSpellings(path: string): string[] {
  if (!path.startsWith("/")) throw new Error(`A route path starts with "/": ${path}`);
  const segments = path.split("/").slice(1);
  const join = (parts: string[]) => `/${parts.join("/")}`;
  /** One spelling per segment, made by changing that segment alone. */
  const eachSegment = (change: (segment: string) => string) =>
    segments.map((_, index) => join(segments.map((s, i) => (i === index ? change(s) : s))));
  /** One spelling per place between segments, with `insert` put there. */
  const beforeEachSegment = (insert: string) =>
    segments.map((_, index) =>
      join([...segments.slice(0, index), insert, ...segments.slice(index)]),
    );
  const hex = (char: string) => char.charCodeAt(0).toString(16).padStart(2, "0");
  const encodeLetters = (text: string, upper: boolean) =>
    text.replaceAll(/[a-z]/gi, (char) => `%${upper ? hex(char).toUpperCase() : hex(char)}`);

  const spellings = [
    // Each letter encoded on its own, upper-case hex; then every letter, in lower- and upper-case hex.
    ...[...path].flatMap((char, index) =>
      /[a-z]/i.test(char)
        ? [`${path.slice(0, index)}%${hex(char).toUpperCase()}${path.slice(index + 1)}`]
        : [],
    ),
    encodeLetters(path, false),
    encodeLetters(path, true),
    // Double encoding: %25 is "%", so %2574 is "%74" once decoded, and "t" twice.
    ...eachSegment((segment) => segment.replace(/[a-z]/i, (char) => `%25${hex(char)}`)),
    // Empty and dot segments, plain and encoded.
    `/${path}`,
    ...beforeEachSegment(""),
    ...beforeEachSegment("."),
    ...beforeEachSegment("%2e"),
    ...segments.flatMap((_, index) =>
      ["x/..", "x/%2e%2e", "x/.%2E", "x/%2E."].map((up) =>
        join([...segments.slice(0, index), ...up.split("/"), ...segments.slice(index)]),
      ),
    ),
    `${path}/.`,
    `${path}/..`,
    `${path}.`,
    // Case.
    path.toUpperCase(),
    ...eachSegment((segment) => segment.toUpperCase()),
    ...eachSegment((segment) => segment.charAt(0).toUpperCase() + segment.slice(1)),
    // Trailing and matrix parts, NUL and control characters, query and fragment markers.
    `${path}/`,
    `${path};`,
    `${path};matrix=1`,
    ...eachSegment((segment) => `${segment};x=1`),
    `${path}%00`,
    ...eachSegment((segment) => `${segment}%00`),
    `${path}%00.json`,
    `${path}%09`,
    `${path}%0a`,
    `${path}%0d`,
    `${path}%20`,
    `${path}?`,
    `${path}#`,
    `${path}%23`,
    `${path}%3f`,
    `${path}?#`,
    // Slashes spelt otherwise: backslash, encoded slash and backslash, overlong UTF-8 "/" and ".".
    ...beforeEachSegment("").map((spelling) => spelling.replace("//", "/\\")),
    path.replaceAll("/", "\\"),
    ...eachSegment((segment) => `${segment}%2f`),
    ...eachSegment((segment) => `${segment}%2F`),
    ...eachSegment((segment) => `${segment}%5c`),
    path.replaceAll("/", "%2f").replace(/^%2f/, "/"),
    path.replaceAll("/", "%5C").replace(/^%5C/, "/"),
    ...beforeEachSegment("%c0%af"),
    ...beforeEachSegment("%c0%ae"),
    // Fullwidth letters, which some normalisers fold to ASCII ("ｔ" U+FF54).
    ...eachSegment((segment) =>
      segment.replace(/[a-z]/, (char) =>
        encodeURIComponent(String.fromCodePoint(char.charCodeAt(0) + 0xfee0)),
      ),
    ),
  ];
  return [...new Set(spellings)].filter((spelling) => spelling !== path);
}
