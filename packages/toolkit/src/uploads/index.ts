export { decodeText, detectEncoding, EncodingError, type TextEncoding } from "./encoding.js";
export { problemWithContent, problemWithWorkbook } from "./file-checks.js";
export { createReadLimit, type ReadLimit, type ReadLimitOptions } from "./read-limit.js";
export {
  formatFromName,
  readRows,
  UnreadableFileError,
  type SourceFormat,
  type SourceRow,
} from "./read-rows.js";
export {
  localDiskStorage,
  StoredFileMissingError,
  uploadStorage,
  withLocalFile,
  withTempFile,
  type FileStorage,
} from "./storage.js";
export { storableText, unstorableCharacter } from "./storable-text.js";
