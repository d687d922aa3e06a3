export { csvFrom, safeCell, type Cell } from "./cells.js";
export { documentFrom, type Block } from "./document.js";
export {
  CONTENT_TYPES,
  contentDisposition,
  sendDownload,
  type Download,
  type ExportFormat,
} from "./download.js";
export { workbookFrom, type Sheet } from "./workbook.js";
