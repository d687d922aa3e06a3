import { readFile } from "node:fs/promises";
import path from "node:path";
import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readTranscript, TranscriptError } from "../src/transcripts/index.js";

const fixtures = path.join(import.meta.dirname, "fixtures/transcripts");
const read = async (name: string, as = name) =>
  readTranscript(await readFile(path.join(fixtures, name)), as);
const bytes = (text: string) => new TextEncoder().encode(text);

/** A Word document with one paragraph per entry, as Teams and Zoom export transcripts. */
async function wordDocument(paragraphs: string[]): Promise<Uint8Array> {
  const zip = new JSZip();
  zip.file("[Content_Types].xml", "<Types/>");
  const body = paragraphs
    .map((text) => `<w:p><w:pPr/><w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`)
    .join("");
  zip.file(
    "word/document.xml",
    `<?xml version="1.0"?><w:document xmlns:w="x"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: "uint8array" });
}

const SPOKEN = [
  {
    index: 0,
    speaker: "Priya Shah",
    text: "Good morning, everyone. Let's start with the depot budget.",
  },
  { index: 1, speaker: "Tom O'Neill", text: "The budget was tight this year." },
];

describe("readTranscript", () => {
  it("reads a Teams WebVTT file: voice tags, joined cues, times, markup and entities removed", async () => {
    const { format, turns } = await read("teams.vtt");
    expect(format).toBe("teams-vtt");
    expect(turns).toEqual([
      { ...SPOKEN[0], start: 1, end: 8 },
      {
        index: 1,
        speaker: "Tom O'Neill",
        text: "The budget is & was tight this year.",
        start: 8.2,
        end: 12,
      },
    ]);
  });

  it("reads a Zoom WebVTT file with Name: text captions", async () => {
    const { format, turns } = await read("zoom.vtt");
    expect(format).toBe("zoom-vtt");
    expect(turns).toEqual([
      { ...SPOKEN[0], start: 1, end: 6 },
      { ...SPOKEN[1], start: 6.5, end: 62.25 },
    ]);
  });

  it("reads SRT subtitles; a caption without a name continues the last speaker", async () => {
    const { format, turns } = await read("captions.srt");
    expect(format).toBe("srt");
    expect(turns).toEqual([
      { ...SPOKEN[0], start: 1, end: 6 },
      { ...SPOKEN[1], start: 6.5, end: 9 },
    ]);
  });

  it("reads plain Name: text lines; unnamed lines continue the turn", async () => {
    const { format, turns } = await read("plain.txt");
    expect(format).toBe("text");
    expect(turns).toEqual([
      ...SPOKEN,
      { index: 2, speaker: "Priya Shah", text: "Thank you, Tom." },
    ]);
  });

  it("reads JSON turns one to one, never merging, so indices match the file", async () => {
    const { format, turns } = await read("turns.json");
    expect(format).toBe("json");
    expect(turns.map((turn) => turn.index)).toEqual([0, 1, 2]);
    expect(turns[1]).toEqual({
      index: 1,
      speaker: "Priya Shah",
      text: "Let's start with the depot budget.",
    });
    const list = await readTranscript(bytes('[{"speaker":"A B","content":"Hello."}]'), "x.json");
    expect(list.turns).toEqual([{ index: 0, speaker: "A B", text: "Hello." }]);
  });

  it("reads a Teams Word transcript (name and time, then the words)", async () => {
    const docx = await wordDocument([
      "Depot review-20261201_100000-Meeting Recording",
      "Priya Shah   0:01",
      "Good morning, everyone.",
      "Priya Shah   0:04",
      "Let's start with the depot budget.",
      "Tom O'Neill   1:02:03",
      "The budget was tight this year.",
    ]);
    const { format, turns } = await readTranscript(docx, "depot.docx");
    expect(format).toBe("docx");
    expect(turns.slice(-2)).toEqual([
      { ...SPOKEN[0], index: turns.length - 2, start: 1 },
      { ...SPOKEN[1], index: turns.length - 1, start: 3723 },
    ]);
  });

  it("reads an older Teams Word transcript (time range, name, words) and a Zoom one (Name: text)", async () => {
    const teams = await wordDocument([
      "0:0:1.0 --> 0:0:4.5",
      "Priya Shah",
      "Good morning, everyone. Let's start with the depot budget.",
      "0:0:8.2 --> 0:0:12.0",
      "Tom O'Neill",
      "The budget was tight this year.",
    ]);
    expect((await readTranscript(teams, "t.docx")).turns).toEqual([
      { ...SPOKEN[0], start: 1 },
      { ...SPOKEN[1], start: 8.2 },
    ]);
    const zoom = await wordDocument([
      "[00:00:01] Priya Shah: Good morning, everyone.",
      "[00:00:03] Priya Shah: Let's start with the depot budget.",
      "[00:00:06] Tom O'Neill: The budget was tight this year.",
    ]);
    expect((await readTranscript(zoom, "z.docx")).turns).toEqual([
      { ...SPOKEN[0], start: 1 },
      { ...SPOKEN[1], start: 6 },
    ]);
  });

  it("reads character references in a Word transcript, and a broken one as a replacement character", async () => {
    const docx = await wordDocument([
      "[00:00:01] Priya Shah: Caf&#233; costs &#x00A3;3 &#99999999;.",
    ]);
    expect((await readTranscript(docx, "refs.docx")).turns).toEqual([
      { index: 0, speaker: "Priya Shah", text: "Café costs £3 \uFFFD.", start: 1 },
    ]);
  });

  it("reads a transcript saved as UTF-16 (with its byte-order mark) or Windows-1252", async () => {
    const text = "Priya Shah: Good morning, everyone.\r\nTom O'Neill: Café at £3?\r\n";
    const utf16 = new Uint8Array([0xff, 0xfe, ...new Uint8Array(Buffer.from(text, "utf16le"))]);
    const windows1252 = new Uint8Array(Buffer.from(text, "latin1"));
    for (const [name, file] of [
      ["utf16.txt", utf16],
      ["ansi.txt", windows1252],
    ] as const) {
      expect((await readTranscript(file, name)).turns, name).toEqual([
        { index: 0, speaker: "Priya Shah", text: "Good morning, everyone." },
        { index: 1, speaker: "Tom O'Neill", text: "Café at £3?" },
      ]);
    }
  });

  it("recognises the format from the content, not the name", async () => {
    expect((await read("teams.vtt", "meeting.txt")).format).toBe("teams-vtt");
    expect((await read("turns.json", "meeting.vtt")).format).toBe("json");
  });

  describe("refuses a bad file with a message saying what is wrong", () => {
    const refusal = async (content: Uint8Array, name: string) => {
      const error: unknown = await readTranscript(content, name).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(TranscriptError);
      return (error as Error).message;
    };

    it("empty", async () => {
      expect(await refusal(bytes(""), "a.vtt")).toMatch(/^a\.vtt is empty\./);
      expect(await refusal(bytes("  \n\n "), "a.txt")).toMatch(/^a\.txt is empty\./);
    });
    it("binary, and audio", async () => {
      const binary = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]);
      expect(await refusal(binary, "photo.vtt")).toMatch(/looks like a binary file/);
      expect(await refusal(new Uint8Array([0xff, 0xfb, 0x90, 0, 0]), "call.mp3")).toMatch(
        /call\.mp3 is audio or video/,
      );
    });
    it("no speakers", async () => {
      expect(await refusal(bytes("Good morning.\nThe budget was tight.\n"), "a.txt")).toMatch(
        /does not say who spoke/,
      );
      expect(
        await refusal(bytes("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHello.\n"), "a.vtt"),
      ).toMatch(/does not say who spoke/);
    });
    it("caption file without captions", async () => {
      expect(await refusal(bytes("WEBVTT\n\nNOTE nothing here\n"), "a.vtt")).toMatch(/no captions/);
    });
    it("broken or wrongly shaped JSON", async () => {
      expect(await refusal(bytes('[{"speaker": "A",\n "content": }]'), "a.json")).toMatch(
        /^a\.json is not valid JSON: it stops making sense at (line 2|“}”)\.$/,
      );
      expect(await refusal(bytes('[{"speaker": "A"'), "a.json")).toMatch(
        /^a\.json is not valid JSON: it (ends before|stops making sense)/,
      );
      expect(await refusal(bytes('{"rows": []}'), "a.json")).toMatch(
        /is JSON but not a transcript/,
      );
      expect(await refusal(bytes('[{"speaker": "A"}]'), "a.json")).toMatch(
        /turn 1 needs a "speaker" and a "content"/,
      );
    });
    it("a zip that is not a Word document, and a damaged one", async () => {
      const zip = new JSZip();
      zip.file("readme.txt", "hello");
      expect(await refusal(await zip.generateAsync({ type: "uint8array" }), "a.docx")).toMatch(
        /is a zip file but not a Word document/,
      );
      const whole = await wordDocument(["A: b"]);
      expect(await refusal(whole.subarray(0, 40), "a.docx")).toMatch(/may be damaged/);
    });
    it("a Word document whose text expands far past any transcript (a zip bomb)", async () => {
      const zip = new JSZip();
      zip.file("word/document.xml", "<w:p>" + " ".repeat(80 * 1024 * 1024) + "</w:p>");
      const bomb = await zip.generateAsync({
        type: "uint8array",
        compression: "DEFLATE",
        compressionOptions: { level: 1 },
      });
      expect(bomb.length).toBeLessThan(1024 * 1024);
      expect(await refusal(bomb, "bomb.docx")).toMatch(/expands to far more text than any meeting/);
    });
  });
});
