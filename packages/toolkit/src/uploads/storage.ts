import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { access, mkdir, mkdtemp, rename, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";

/**
 * Where a tool keeps uploaded files. Every provider streams both ways, so no file is ever whole
 * in memory; a department adds its object storage by writing one more provider.
 */
export interface FileStorage {
  /** Stores the stream under `key` (replacing what was there), all or nothing; resolves with its size. */
  put(key: string, content: Readable | AsyncIterable<Uint8Array>): Promise<{ size: number }>;
  /** The stored file as a stream; rejects with StoredFileMissingError when there is none. */
  get(key: string): Promise<Readable>;
  /** Removes it; nothing happens when there is none. */
  delete(key: string): Promise<void>;
  /** For storage on this machine's disk: the file's path, so readers that seek read it in place. */
  localPath?(key: string): string;
}

export class StoredFileMissingError extends Error {
  override name = "StoredFileMissingError";
  constructor(key: string) {
    super(`No file is stored as ${key}.`);
  }
}

/** Keys are names the tool makes (an upload's ID), never a person's file name. */
const KEY = /^[\w-]{1,200}$/;
const checked = (key: string) => {
  if (!KEY.test(key)) throw new Error(`A storage key is letters, digits, - and _: not ${key}`);
  return key;
};

/**
 * Files in a folder of this machine (the app's config names it). A file is written under a
 * temporary name and renamed when complete, so a process killed part-way leaves no half file.
 */
export function localDiskStorage(directory: string): FileStorage {
  const at = (key: string) => path.join(directory, checked(key));
  return {
    async put(key, content) {
      const file = at(key);
      await mkdir(directory, { recursive: true });
      const partial = path.join(directory, `.partial-${randomUUID()}`);
      let size = 0;
      try {
        await pipeline(
          content,
          async function* (chunks: AsyncIterable<Uint8Array>) {
            for await (const chunk of chunks) {
              size += chunk.length;
              yield chunk;
            }
          },
          createWriteStream(partial, { flags: "wx" }),
        );
        await rename(partial, file);
      } finally {
        await rm(partial, { force: true });
      }
      return { size };
    },
    async get(key) {
      const stream = createReadStream(at(key));
      await new Promise<void>((resolve, reject) => {
        stream.once("open", () => resolve());
        stream.once("error", (error: NodeJS.ErrnoException) =>
          reject(error.code === "ENOENT" ? new StoredFileMissingError(key) : error),
        );
      });
      return stream;
    },
    async delete(key) {
      await rm(at(key), { force: true });
    },
    localPath: at,
  };
}

/** The repository's root, from this file's place in it (src/uploads or dist/uploads). */
const REPOSITORY_ROOT = path.resolve(import.meta.dirname, "../../../..");

/**
 * A tool's uploads on this machine's disk: `BERNARD_<ID>_UPLOADS_DIR`, or `<id>/uploads` in the
 * launcher's data folder (`BERNARD_DATA_DIR`, by default `.bernard` at the repository's root).
 * The tool declares `BERNARD_DATA_DIR` among its settings (launch.ts) for the launcher to pass it.
 */
export function uploadStorage(toolId: string, env: NodeJS.ProcessEnv): FileStorage {
  const own = env[`BERNARD_${toolId.toUpperCase().replaceAll("-", "_")}_UPLOADS_DIR`];
  return localDiskStorage(
    own
      ? path.resolve(own)
      : path.resolve(REPOSITORY_ROOT, env.BERNARD_DATA_DIR ?? ".bernard", toolId, "uploads"),
  );
}

/**
 * A stored file as a path on this machine for readers that seek (an .xlsx is a zip, read from
 * its end): the file itself on local disk, otherwise a temporary copy streamed from storage and
 * removed afterwards.
 */
export async function withLocalFile<T>(
  storage: FileStorage,
  key: string,
  use: (file: string) => Promise<T>,
): Promise<T> {
  if (storage.localPath) {
    const file = storage.localPath(key);
    await access(file).catch(() => {
      throw new StoredFileMissingError(key);
    });
    return use(file);
  }
  return withTempFile(async (file) => {
    await pipeline(await storage.get(key), createWriteStream(file));
    return use(file);
  });
}

/**
 * A path for a temporary file, removed afterwards. Its name is fixed, never one a person gave,
 * so no file name can point outside the folder.
 */
export async function withTempFile<T>(use: (file: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), "bernard-upload-"));
  try {
    return await use(path.join(dir, "upload"));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
