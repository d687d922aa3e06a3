/** A `/tools/<id>/…` address read once, the way the portal authorises it and the tool receives it. */
export type ToolPath =
  { refused?: undefined; toolId: string; path: string; search: string } | { refused: string };

const TOOL_ID = /^[a-z][a-z0-9-]{1,30}$/;

/**
 * Decodes each segment of the path once and re-encodes it canonically, so the tool sees exactly
 * the path whose first segments the portal checked. Spellings that a router, a proxy or the
 * tool could read another way are refused rather than guessed at: empty segments (`//`), dot
 * segments (also `%2e`), slashes or backslashes inside a segment (`%2f`, `%5c`), a `%` left
 * after decoding (double encoding), `;` (matrix parameters), `#`, `?` and control characters.
 */
export function canonicalToolPath(url: string): ToolPath {
  const queryStart = url.indexOf("?");
  const rawPath = queryStart === -1 ? url : url.slice(0, queryStart);
  const search = queryStart === -1 ? "" : url.slice(queryStart);
  const [first, ...rawSegments] = rawPath.split("/");
  if (first !== "") return { refused: "no leading /. Check the address" };
  const segments: string[] = [];
  for (const [index, raw] of rawSegments.entries()) {
    const isLast = index === rawSegments.length - 1;
    if (raw === "" && !isLast) return { refused: "an empty part (//). Check the address" };
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      return { refused: "a broken percent-encoding (%). Check the address" };
    }
    const problem = segmentProblem(segment);
    if (problem) return { refused: `${problem}. Check the address` };
    segments.push(segment);
  }
  const [tools, toolId] = segments;
  if (tools !== "tools" || toolId === undefined || !TOOL_ID.test(toolId)) {
    return { refused: "no tool's name after /tools/ (names are lower case)" };
  }
  return { toolId, path: `/${segments.map(encodeURIComponent).join("/")}`, search };
}

function segmentProblem(segment: string): string | undefined {
  if (segment === "." || segment === "..") return "a dot segment (. or ..)";
  if ([...segment].some((character) => character < " " || character === "\u007f"))
    return "a control character";
  const character = /[/\\%;#?]/.exec(segment)?.[0];
  if (character === undefined) return undefined;
  const names: Record<string, string> = {
    "/": "an encoded slash (%2F)",
    "\\": "a backslash",
    "%": "a % left after decoding (double encoding)",
    ";": "a ; (matrix parameters)",
    "#": "a #",
    "?": "an encoded ? (%3F)",
  };
  return names[character];
}
