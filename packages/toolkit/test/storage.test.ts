import { mkdtemp, readdir, readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { beforeEach, describe, expect, it } from "vitest";
import {
  localDiskStorage,
  StoredFileMissingError,
  withLocalFile,
  type FileStorage,
} from "../src/uploads/index.js";

let dir: string;
let storage: FileStorage;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), "toolkit-storage-"));
  storage = localDiskStorage(path.join(dir, "uploads"));
});

/** `count` chunks of 1 MiB, made as they are read, so the test never holds them all either. */
const megabytes = (count: number) =>
  Readable.from(
    (function* () {
      for (let index = 0; index < count; index += 1) yield Buffer.alloc(1024 * 1024, 97 + index);
    })(),
  );

describe("local disk storage", () => {
  it("stores, reads back, replaces and deletes a file by its key", async () => {
    expect(await storage.put("upload-1", Readable.from([Buffer.from("first")]))).toEqual({
      size: 5,
    });
    expect(await text(await storage.get("upload-1"))).toBe("first");
    await storage.put("upload-1", Readable.from([Buffer.from("second")]));
    expect(await text(await storage.get("upload-1"))).toBe("second");
    await storage.delete("upload-1");
    await expect(storage.get("upload-1")).rejects.toBeInstanceOf(StoredFileMissingError);
    await storage.delete("upload-1"); // already gone: nothing to do
  });

  it("streams a large file through without holding it in memory", async () => {
    global.gc?.();
    const before = process.memoryUsage().rss;
    expect(await storage.put("big", megabytes(200))).toEqual({ size: 200 * 1024 * 1024 });
    expect((await stat(path.join(dir, "uploads", "big"))).size).toBe(200 * 1024 * 1024);
    let read = 0;
    for await (const chunk of await storage.get("big")) read += (chunk as Buffer).length;
    expect(read).toBe(200 * 1024 * 1024);
    expect(process.memoryUsage().rss - before).toBeLessThan(100 * 1024 * 1024);
  });

  it("keeps nothing of a file whose stream fails part-way, and leaves the earlier one", async () => {
    await storage.put("answers", Readable.from([Buffer.from("whole")]));
    const failing = Readable.from(
      (async function* () {
        yield Buffer.from("half");
        throw new Error("connection reset");
      })(),
    );
    await expect(storage.put("answers", failing)).rejects.toThrow("connection reset");
    expect(await text(await storage.get("answers"))).toBe("whole");
    expect(await readdir(path.join(dir, "uploads"))).toEqual(["answers"]);
  });

  it("refuses a key that could name a file outside its folder", async () => {
    for (const key of ["../escape", "a/b", "", "x".repeat(201)])
      await expect(storage.put(key, Readable.from([]))).rejects.toThrow("A storage key is");
  });
});

describe("a stored file on this machine, for readers that seek", () => {
  it("reads a local file in place", async () => {
    await storage.put("sheet", Readable.from([Buffer.from("in place")]));
    const where = await withLocalFile(storage, "sheet", async (file) => file);
    expect(where).toBe(path.join(dir, "uploads", "sheet"));
  });

  it("copies from storage elsewhere to a temporary file, removed afterwards", async () => {
    // Storage without local paths, as object storage would be.
    const remote: FileStorage = {
      put: (key, content) => storage.put(key, content),
      get: (key) => storage.get(key),
      delete: (key) => storage.delete(key),
    };
    await remote.put("sheet", Readable.from([Buffer.from("copied")]));
    const copy = await withLocalFile(remote, "sheet", async (file) => {
      expect(await readFile(file, "utf8")).toBe("copied");
      return file;
    });
    expect(copy).not.toBe(path.join(dir, "uploads", "sheet"));
    await expect(stat(copy)).rejects.toMatchObject({ code: "ENOENT" });
  });
});
