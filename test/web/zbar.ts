import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** What zbarimg reads in a PNG image (the first code's text, without the trailing newline). */
export async function decodeQrPng(png: Uint8Array): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "varco-qr-"));
  try {
    const file = join(dir, "qr.png");
    await writeFile(file, png);
    const { stdout } = await run("/usr/bin/zbarimg", ["--raw", "-q", file]);
    return stdout.replace(/\n$/, "");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
