import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { extname } from "node:path";
import { VarcoError } from "../errors/varco-error.ts";
import { readPskc } from "./formats/pskc.ts";
import { readTokenCsv, type TokenCsvFormat } from "./formats/token-csv.ts";
import type { ImportRow } from "./imported-token.ts";

export type ImportFormat = TokenCsvFormat | "pskc";

export function parseImportFormat(text: string | undefined, path: string): ImportFormat {
  if (text === undefined)
    return [".xml", ".pskc"].includes(extname(path).toLowerCase()) ? "pskc" : "seed";
  if (text === "seed" || text === "privacyidea" || text === "pskc") return text;
  throw new VarcoError("invalid_request", "--format is seed, privacyidea or pskc");
}

/**
 * The rows of an import file, and how far it has been read (for a progress bar). CSV files
 * stream; a PSKC document is read whole (XML), within the parser's size limit.
 */
export async function openImportFile(
  path: string,
  format: ImportFormat,
  preSharedKey?: Uint8Array,
): Promise<{
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>;
  size: number;
  bytesRead: () => number;
}> {
  const { size } = await stat(path);
  if (format === "pskc") {
    const rows = readPskc(await readFile(path, "utf8"), preSharedKey ? { preSharedKey } : {});
    return { rows, size, bytesRead: () => size };
  }
  const stream = createReadStream(path, { highWaterMark: 256 * 1024 });
  return { rows: readTokenCsv(stream, format), size, bytesRead: () => stream.bytesRead };
}
