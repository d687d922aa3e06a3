import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { letterDocx } from "../src/export/letter.js";
import { pictureIn } from "../src/services/logo.js";
import { DEFAULT_SETTINGS } from "../src/services/settings.js";
import { admin, drafter, startLetters } from "./helpers.js";

/** The smallest PNG: one pixel. */
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==",
  "base64",
);
/** The start of a JPEG: its header, then a start-of-frame segment 200 pixels wide and 100 high. */
const JPEG = Buffer.from([
  0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
  0x00, 0x01, 0x00, 0x00, 0xff, 0xc0, 0x00, 0x11, 0x08, 0x00, 0x64, 0x00, 0xc8, 0x03, 0x01, 0x22,
  0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
]);

let letters: Awaited<ReturnType<typeof startLetters>>;
beforeAll(async () => {
  letters = await startLetters();
});
afterAll(() => letters?.server.close());

const uploadLogo = (person: typeof admin, name: string, bytes: Uint8Array) => {
  const form = new FormData();
  form.set("file", new Blob([new Uint8Array(bytes)]), name);
  return letters.as(person).call("/settings/logo", { method: "POST", body: form });
};

describe("the letterhead's logo", () => {
  it("reads a picture's format and size from its bytes, whatever its name", () => {
    expect(pictureIn(PNG)).toEqual({ format: "png", width: 1, height: 1 });
    expect(pictureIn(JPEG)).toEqual({ format: "jpg", width: 200, height: 100 });
    expect(pictureIn(Buffer.from("<svg xmlns='http://www.w3.org/2000/svg'/>"))).toBeNull();
    expect(pictureIn(PNG.subarray(0, 20))).toBeNull();
  });

  it("is uploaded by an administrator only, checked on its bytes, and can be removed", async () => {
    expect((await letters.as(drafter).json("/settings/logo")).logo).toBeNull();
    expect((await uploadLogo(drafter, "logo.png", PNG)).status).toBe(403);

    const notPicture = await uploadLogo(admin, "logo.png", Buffer.from("GIF89a, or a letter"));
    expect(notPicture.status).toBe(400);
    expect((await notPicture.json()).error.details).toEqual([
      { field: "file", message: expect.stringContaining("logo.png is not a PNG or JPEG picture") },
    ]);
    const tooBig = await uploadLogo(
      admin,
      "huge.png",
      Buffer.concat([PNG, Buffer.alloc(1_100_000)]),
    );
    expect(tooBig.status).toBe(400);
    expect((await tooBig.json()).error.message).toMatch(/larger than 1 MB/);

    const uploaded = await uploadLogo(admin, "crest.png", PNG);
    expect(uploaded.status).toBe(200);
    expect(await uploaded.json()).toEqual({ logo: { format: "png", width: 1, height: 1 } });
    expect((await letters.as(drafter).json("/settings/logo")).logo).toMatchObject({
      format: "png",
    });

    expect((await letters.as(drafter).call("/settings/logo", { method: "DELETE" })).status).toBe(
      403,
    );
    expect(
      await (await letters.as(admin).call("/settings/logo", { method: "DELETE" })).json(),
    ).toEqual({ logo: null });
    expect((await letters.as(drafter).json("/settings/logo")).logo).toBeNull();
  });

  it("is drawn at the top of the Word letter, at most about 5 cm wide, described for screen readers", async () => {
    const details = await letters.loggedCase();
    const reply = [{ text: "Dear Jane,", lines: [], kind: "template" as const }];
    const docx = await letterDocx(reply, details, DEFAULT_SETTINGS.letterhead, "2026-03-10", {
      format: "jpg",
      width: 800,
      height: 400,
      bytes: JPEG,
    });
    const zip = await JSZip.loadAsync(docx);
    const media = Object.keys(zip.files).filter((file) => file.startsWith("word/media/"));
    expect(media).toHaveLength(1);
    const document = await zip.file("word/document.xml")!.async("string");
    expect(document).toContain('descr="Department for Letters logo"');
    // 190 by 95 pixels, in EMUs (9,525 to the pixel).
    expect(document).toContain(`cx="${190 * 9525}" cy="${95 * 9525}"`);
    expect(document.indexOf("<pic:pic")).toBeLessThan(document.indexOf("Dear Jane,"));

    const plain = await JSZip.loadAsync(
      await letterDocx(reply, details, DEFAULT_SETTINGS.letterhead, "2026-03-10"),
    );
    expect(Object.keys(plain.files).some((file) => file.startsWith("word/media/"))).toBe(false);
  });
});
