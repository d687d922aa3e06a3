import type { Logo } from "@bernard/letters-contract";
import { z } from "zod";
import { fileProblem } from "../routes/uploads.js";
import type { ToolDatabase } from "./database.js";

/** A logo is a small picture: far under this. */
export const LOGO_LIMIT_BYTES = 1024 * 1024;
const KEY = "letterhead.logo";

const storedLogo = z.object({
  format: z.enum(["png", "jpg"]),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** The picture's bytes, base64. */
  data: z.string(),
});

/** The letterhead's logo, with its bytes; null until an administrator uploads one. */
export async function readLogo(db: ToolDatabase): Promise<(Logo & { bytes: Buffer }) | null> {
  const row = await db.setting.findUnique({ where: { key: KEY } });
  const stored = storedLogo.safeParse(row?.value);
  if (!stored.success) return null;
  const { data, ...logo } = stored.data;
  return { ...logo, bytes: Buffer.from(data, "base64") };
}

/** Keeps an uploaded logo once its bytes are read as a PNG or JPEG picture of a sensible size. */
export async function saveLogo(db: ToolDatabase, bytes: Buffer, name: string): Promise<Logo> {
  if (bytes.length > LOGO_LIMIT_BYTES) {
    throw fileProblem(`${name} is larger than 1 MB. Upload a smaller copy of the logo.`);
  }
  const picture = pictureIn(bytes);
  if (!picture) {
    throw fileProblem(
      `${name} is not a PNG or JPEG picture. Save the logo as .png or .jpg and upload it again.`,
    );
  }
  const value = { ...picture, data: bytes.toString("base64") };
  await db.setting.upsert({ where: { key: KEY }, create: { key: KEY, value }, update: { value } });
  return picture;
}

export async function removeLogo(db: ToolDatabase): Promise<void> {
  await db.setting.deleteMany({ where: { key: KEY } });
}

/** The picture's format and size in pixels, read from its own bytes (never its name). */
export function pictureIn(bytes: Buffer): Logo | null {
  const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 24 && PNG.every((byte, index) => bytes[index] === byte)) {
    return sized("png", bytes.readUInt32BE(16), bytes.readUInt32BE(20));
  }
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  // A JPEG's size is in its start-of-frame segment (markers C0 to CF, less C4, C8 and CC).
  for (let at = 2; at + 9 < bytes.length;) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return sized("jpg", bytes.readUInt16BE(at + 7), bytes.readUInt16BE(at + 5));
    }
    at += 2 + bytes.readUInt16BE(at + 2);
  }
  return null;
}

const sized = (format: Logo["format"], width: number, height: number): Logo | null =>
  width > 0 && height > 0 && width <= 10_000 && height <= 10_000 ? { format, width, height } : null;
