import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { encodeBase32 } from "../src/otp/base32.ts";
import { makeTempDir } from "./temp-dir.ts";

const run = promisify(execFile);

export type TokenImportFigures = {
  readonly rows: number;
  readonly ms: number;
  /** CPU time of the whole process (all its threads) during the import. */
  readonly cpuMs: number;
  readonly imported: number;
  readonly failed: number;
  readonly maxRssMb: number;
  /** Write transactions, and how long they held the database (BEGIN to commit). */
  readonly transactions: number;
  readonly transactionP50Ms: number;
  readonly transactionP99Ms: number;
  readonly transactionMaxMs: number;
};

/** A CSV in seed 001's format: `rows` unassigned TOTP tokens with random 20-byte keys. */
async function writeTokenCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  out.write("upn,serial number,secret key,time interval,manufacturer,model\n");
  for (let i = 0; i < rows; i++) {
    const line = `,SN${String(i).padStart(8, "0")},${encodeBase32(randomBytes(20))},30,Contoso,HardwareKey\n`;
    if (!out.write(line)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

/**
 * Entra warns a large upload may take minutes. Each size is imported by a fresh process into
 * an empty SQLite data folder, timed from opening the file to the last commit; its peak
 * resident memory, with the heap capped, shows whether memory stays flat as the file grows.
 */
export async function benchTokenImport(sizes: readonly number[]): Promise<TokenImportFigures[]> {
  const figures: TokenImportFigures[] = [];
  for (const rows of sizes) {
    const temp = makeTempDir("varco-bench-tokens-");
    try {
      const file = join(temp.path, "tokens.csv");
      await writeTokenCsv(file, rows);
      const child = join(import.meta.dirname, "token-import-child.ts");
      // A heap capped at 64 MB: an import that held rows would run out of memory, and peak
      // resident memory compares the sizes without V8's lazy collection in the way. The young
      // generation is capped too: left alone, V8 grows it past 100 MB during a long import, and
      // with the old generation capped it then keeps room to promote all of it, so that a full
      // collection ran every few megabytes and took a third of the import's time.
      const args = [
        "--max-old-space-size=64",
        "--max-semi-space-size=8",
        child,
        join(temp.path, "data"),
        file,
      ];
      const { stdout } = await run(process.execPath, args, {
        maxBuffer: 1024 * 1024,
      });
      figures.push({ rows, ...JSON.parse(stdout) });
    } finally {
      temp.remove();
    }
  }
  return figures;
}
