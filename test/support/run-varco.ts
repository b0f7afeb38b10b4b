import { execFile } from "node:child_process";
import { join } from "node:path";

export type VarcoResult = { exitCode: number; stdout: string; stderr: string };

const root = join(import.meta.dirname, "../..");
const bin = join(root, "bin/varco.js");

/**
 * Runs the real `varco ...args` as a child process with `env` and none of the caller's VARCO_*
 * variables, `input` on its standard input; resolves with its exit code and output, never throws.
 */
export function runVarco(
  env: Record<string, string | undefined>,
  args: string[],
  input = "",
  timeoutMs = 60_000,
): Promise<VarcoResult> {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith("VARCO_")),
  );
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env: { ...clean, ...env }, timeout: timeoutMs },
      (error, stdout, stderr) => {
        const exitCode = error ? (typeof error.code === "number" ? error.code : -1) : 0;
        resolve({ exitCode, stdout, stderr });
      },
    );
    child.stdin?.end(input);
  });
}
