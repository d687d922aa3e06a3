import { createHash } from "node:crypto";
import type { LlmClient } from "@bernard/llm";
import type { Line } from "../lines/lines.js";
import { similarity, type Meaning } from "./retrieve.js";
import type { PointRetrieval } from "./types.js";

/** What of a line is embedded: its title says what it is about, its text what it says. */
export const embeddedText = (line: Line): string =>
  line.title ? `${line.title}\n${line.text}` : line.text;

/** Tells whether a kept vector is of the line as it reads now. */
export const textHash = (text: string): string =>
  createHash("sha256").update(text).digest("base64url");

/**
 * Line vectors kept between drafts, by the model that made them and the text it was given, so
 * a knowledge base is embedded once and a changed line again (PostgreSQL in the app).
 */
export interface LineVectorStore {
  /** The vectors `model` made of these lines as they read now, by line id. */
  read(model: string, lines: readonly Line[]): Promise<Map<string, number[]>>;
  write(model: string, made: readonly { line: Line; vector: number[] }[]): Promise<void>;
}

/** A store for one process (the command line's run over many letters). */
export function memoryLineVectors(): LineVectorStore {
  const kept = new Map<string, number[]>();
  const key = (model: string, line: Line) =>
    `${model}\u0000${line.id}\u0000${textHash(embeddedText(line))}`;
  return {
    async read(model, lines) {
      return new Map(
        lines.flatMap((line) => {
          const vector = kept.get(key(model, line));
          return vector ? [[line.id, vector] as const] : [];
        }),
      );
    },
    async write(model, made) {
      for (const { line, vector } of made) kept.set(key(model, line), vector);
    },
  };
}

/** Texts sent in one embeddings request. */
const BATCH = 256;

/**
 * The model's embeddings of the letter's points (redacted by the caller) and of the lines; only
 * lines the store does not hold as they read now are sent.
 */
export async function meaningFor(
  client: LlmClient,
  points: readonly string[],
  lines: readonly Line[],
  store: LineVectorStore,
): Promise<Meaning> {
  const { model, vectors } = await client.embed([...points]);
  const known = await store.read(model, lines);
  const missing = lines.filter((line) => !known.has(line.id));
  for (let start = 0; start < missing.length; start += BATCH) {
    const batch = missing.slice(start, start + BATCH);
    const made = await client.embed(batch.map(embeddedText), model);
    const pairs = batch.map((line, position) => ({ line, vector: made.vectors[position]! }));
    await store.write(model, pairs);
    for (const { line, vector } of pairs) known.set(line.id, vector);
  }
  return { points: vectors, lines: known };
}

/** Lines close in meaning shown per point beyond those its words found. */
const CLOSEST_BY_MEANING = 2;

/**
 * The search's findings for the person drafting, with where each line stands in meaning among
 * all lines for its point, and the lines closest in meaning that the words missed.
 */
export function withMeaning(
  retrieval: readonly PointRetrieval[],
  lines: readonly Line[],
  meaning: Meaning,
): PointRetrieval[] {
  return retrieval.map((point, position) => {
    const ranked = lines
      .map((line) => ({ line, similarity: similarity(meaning, position, line) ?? 0 }))
      .sort((a, b) => b.similarity - a.similarity || a.line.id.localeCompare(b.line.id));
    const place = new Map(ranked.map((entry, rank) => [entry.line.id, { ...entry, rank }]));
    const standing = (id: string) => {
      const found = place.get(id);
      return found
        ? ` By meaning it is ${ordinal(found.rank + 1)} of ${ranked.length} lines for the point (similarity ${found.similarity.toFixed(2)}, from the model's embeddings).`
        : "";
    };
    const listed = new Set(point.candidates.map((candidate) => candidate.lineId));
    const others = ranked
      .filter((entry) => !listed.has(entry.line.id))
      .slice(0, CLOSEST_BY_MEANING)
      .map(({ line }) => ({
        lineId: line.id,
        score: 0,
        answers: false,
        why: `Found by meaning rather than words.${standing(line.id)}`,
      }));
    return {
      ...point,
      candidates: [
        ...point.candidates.map((candidate) => ({
          ...candidate,
          why: `${candidate.why}${standing(candidate.lineId)}`,
        })),
        ...others,
      ],
    };
  });
}

function ordinal(n: number): string {
  const tens = n % 100;
  const suffix =
    tens >= 11 && tens <= 13 ? "th" : (({ 1: "st", 2: "nd", 3: "rd" } as const)[n % 10] ?? "th");
  return `${n}${suffix}`;
}
