import { documentFrom } from "@bernard/toolkit/exports";
import { describe, expect, it } from "vitest";
import { groupCampaigns } from "../src/intake/campaigns.js";
import { addWorkingDays, bankHolidays, easterSunday } from "../src/intake/deadline.js";
import { extractLetter, findDate } from "../src/intake/extract.js";
import { LetterFileError, readLetter } from "../src/intake/read-letter.js";
import { simplePdf } from "./pdf.js";

const MP_LETTER = `Jane Smith MP
House of Commons
London
SW1A 0AA

Our ref: JS/2026/0142

3 March 2026

Dear Minister,

I am writing on behalf of my constituent, Mr Robert Brown, of 12 Mill Lane, Leeds LS1 4AB, who is worried about the cost of a passport.

He asks why the fee rose in April and whether there is help for families on low incomes.

Yours sincerely,

Jane Smith MP
Member of Parliament for Leeds Central
`;

const PUBLIC_LETTER = `14 Elm Road
Bristol
BS1 5TR
anna.jones@example.org

2nd February 2026

Dear Sir or Madam,

I think the TV licence should be abolished.

Yours faithfully,
Anna Jones
`;

describe("reading letter files", () => {
  it("reads a .txt letter in UTF-8 and in Windows-1252", async () => {
    const utf8 = await readLetter(Buffer.from("Dear Minister,\n\nThe fee is £80.\n"), "a.txt");
    expect(utf8).toMatchObject({ format: "text" });
    expect(utf8.text).toContain("£80");
    const windows = await readLetter(
      Buffer.from([0x44, 0x65, 0x61, 0x72, 0x20, 0xa3, 0x38, 0x30]),
      "b.txt",
    );
    expect(windows.text).toBe("Dear £80");
  });

  it("reads an MP's .eml email with the sender, subject and date from its headers", async () => {
    const eml = [
      "From: Jane Smith MP <jane.smith.mp@parliament.uk>",
      "To: correspondence@example.gov.uk",
      "Subject: Passport fees - our ref JS/2026/0142",
      "Date: Tue, 3 Mar 2026 10:00:00 +0000",
      "Content-Type: text/plain; charset=utf-8",
      "",
      MP_LETTER.split("\n").slice(8).join("\r\n"),
    ].join("\r\n");
    const letter = await readLetter(Buffer.from(eml), "letter.eml");
    expect(letter.format).toBe("eml");
    expect(letter.email).toEqual({
      fromName: "Jane Smith MP",
      fromAddress: "jane.smith.mp@parliament.uk",
      subject: "Passport fees - our ref JS/2026/0142",
      date: "2026-03-03",
    });
    const details = extractLetter(letter.text, letter.email);
    expect(details.correspondent).toMatchObject({
      type: "mp",
      name: "Jane Smith",
      email: "jane.smith.mp@parliament.uk",
    });
    expect(details.onBehalfOf).toMatchObject({
      mpName: "Jane Smith",
      mpReference: "JS/2026/0142",
      constituency: "Leeds Central",
      constituentName: "Mr Robert Brown",
    });
  });

  it("reads a Word letter and a PDF letter", async () => {
    const docx = await documentFrom("Letter", [
      { paragraph: "Dear Minister," },
      { paragraph: "Please fund more buses." },
    ]);
    const word = await readLetter(docx, "letter.docx");
    expect(word.format).toBe("docx");
    expect(word.text).toContain("Please fund more buses.");
    const pdf = await readLetter(
      simplePdf(["Dear Minister,", "Please fund more trains."]),
      "letter.pdf",
    );
    expect(pdf.format).toBe("pdf");
    expect(pdf.text).toContain("Please fund more trains.");
  });

  it("refuses a file that is not what its name says, an empty one and an unknown kind, saying what to do", async () => {
    await expect(readLetter(Buffer.from("plain words"), "letter.docx")).rejects.toThrow(
      /not a Word document.*save it as a Word document/,
    );
    await expect(readLetter(Buffer.from("plain words"), "letter.pdf")).rejects.toThrow(/not a PDF/);
    await expect(readLetter(await documentFrom("x", []), "letter.txt")).rejects.toThrow(
      /not a text file/,
    );
    await expect(readLetter(Buffer.alloc(0), "letter.txt")).rejects.toThrow(/is empty/);
    await expect(readLetter(Buffer.from("x"), "letter.odt")).rejects.toThrow(LetterFileError);
    await expect(readLetter(Buffer.from("PK\u0003\u0004broken"), "letter.docx")).rejects.toThrow(
      /cannot be opened/,
    );
    await expect(readLetter(Buffer.from("%PDF-1.4 broken"), "letter.pdf")).rejects.toThrow(
      /cannot be opened/,
    );
  });
});

describe("extracting the details of a letter", () => {
  it("finds the MP, the constituency, the reference, the constituent, the date and the points", () => {
    const details = extractLetter(MP_LETTER);
    expect(details.correspondent).toMatchObject({
      type: "mp",
      name: "Jane Smith",
      postcode: "SW1A 0AA",
      address: ["House of Commons", "London"],
    });
    expect(details.onBehalfOf).toEqual({
      mpName: "Jane Smith",
      constituency: "Leeds Central",
      mpReference: "JS/2026/0142",
      constituentName: "Mr Robert Brown",
    });
    expect(details.letterDate).toBe("2026-03-03");
    expect(details.points).toHaveLength(2);
    expect(details.points[1]).toMatch(/^He asks why the fee rose/);
  });

  it("finds a member of the public's name, address, postcode, email and date", () => {
    const details = extractLetter(PUBLIC_LETTER);
    expect(details.correspondent).toEqual({
      type: "public",
      name: "Anna Jones",
      address: ["14 Elm Road", "Bristol"],
      postcode: "BS1 5TR",
      email: "anna.jones@example.org",
    });
    expect(details.onBehalfOf).toBeUndefined();
    expect(details.letterDate).toBe("2026-02-02");
    expect(details.points).toEqual(["I think the TV licence should be abolished."]);
  });

  it("keeps a list with the paragraph that introduces it, and treats 'A constituent' as no name", () => {
    const details = extractLetter(
      "Dear Minister,\n\nThe facts:\n\n• one\n\n• two\n\nI ask the Government to act.\n\nYours sincerely,\nA constituent",
    );
    expect(details.points).toEqual(["The facts: • one • two", "I ask the Government to act."]);
    expect(details.correspondent.name).toBeUndefined();
  });

  it("takes a paragraph of nothing but links as a source, not a point to answer", () => {
    const details = extractLetter(
      "Dear Minister,\n\nBus fares have doubled.\n\nhttps://example.org/news/fares-double-2026\nwww.example.com/report\n\nSee https://example.org/a for the figures.\n\nYours sincerely,\nA constituent",
    );
    expect(details.points).toEqual([
      "Bus fares have doubled.",
      "See https://example.org/a for the figures.",
    ]);
  });

  it("reads dates as written in the UK and refuses dates that do not exist", () => {
    expect(findDate("Sent 03/04/2026")).toBe("2026-04-03");
    expect(findDate("on 21st Sept 2025")).toBeUndefined();
    expect(findDate("on 21st Sep 2025")).toBe("2025-09-21");
    expect(findDate("31 February 2026")).toBeUndefined();
  });
});

describe("deadlines in working days, England and Wales bank holidays counted", () => {
  it("computes Easter and the year's holidays, moving weekend ones to the next weekday", () => {
    expect(easterSunday(2024).toISOString().slice(0, 10)).toBe("2024-03-31");
    expect(easterSunday(2026).toISOString().slice(0, 10)).toBe("2026-04-05");
    expect(bankHolidays(2026)).toEqual([
      "2026-01-01",
      "2026-04-03",
      "2026-04-06",
      "2026-05-04",
      "2026-05-25",
      "2026-08-31",
      "2026-12-25",
      "2026-12-28",
    ]);
    // 2021: Christmas on Saturday and Boxing Day on Sunday move to Monday 27 and Tuesday 28.
    expect(bankHolidays(2021).slice(-2)).toEqual(["2021-12-27", "2021-12-28"]);
    // 2022: spring holiday moved to 2 June, the Platinum Jubilee and the Queen's funeral added.
    expect(bankHolidays(2022)).toEqual([
      "2022-01-03",
      "2022-04-15",
      "2022-04-18",
      "2022-05-02",
      "2022-06-02",
      "2022-06-03",
      "2022-08-29",
      "2022-09-19",
      "2022-12-26",
      "2022-12-27",
    ]);
  });

  it("gives 20 working days after receipt, skipping weekends and holidays", () => {
    // Monday 2 March 2026 + 20 working days, no holiday in between: Monday 30 March.
    expect(addWorkingDays("2026-03-02")).toBe("2026-03-30");
    // Over Easter 2026 (Good Friday 3 April, Easter Monday 6 April): two days later.
    expect(addWorkingDays("2026-03-20")).toBe("2026-04-21");
    // Over Christmas and New Year 2026-27: 25, 28 December and 1 January are skipped.
    expect(addWorkingDays("2026-12-14")).toBe("2027-01-14");
    // Received on a Saturday: day 1 is Monday.
    expect(addWorkingDays("2026-03-07", 1)).toBe("2026-03-09");
  });

  it("takes another number of days and extra closure days, and refuses nonsense", () => {
    expect(addWorkingDays("2026-03-02", 10)).toBe("2026-03-16");
    expect(addWorkingDays("2026-03-02", 10, ["2026-03-10"])).toBe("2026-03-17");
    expect(() => addWorkingDays("2026-03-02", -1)).toThrow(/whole number/);
    expect(() => addWorkingDays("2026-02-30")).toThrow(/not a date/);
  });
});

describe("campaigns", () => {
  it("groups letters with the same text despite different names, and leaves others alone", () => {
    const template =
      "I am writing to ask you to protect our local hospital from closure. It serves thousands of families and the nearest other one is forty miles away. Please keep it open.";
    const groups = groupCampaigns([
      `Dear Minister,\n\n${template}\n\nYours sincerely,\nAnna Jones`,
      "Dear Minister,\n\nPlease reduce the cost of passports for families.\n\nYours, Bob",
      `Dear Minister,\n\n${template}\n\nYours sincerely,\nCarl Evans, 3 High Street`,
      `Dear Sir,\n\n${template}\n\nKind regards,\nDee`,
    ]);
    expect(groups).toEqual([{ members: [0, 2, 3] }]);
  });
});
