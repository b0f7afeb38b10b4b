import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const made = new Set<string>();

// Ctrl-C or a crash skips the `finally` blocks still waiting: remove what is left on the way out.
process.once("exit", () => {
  for (const path of made) rmSync(path, { recursive: true, force: true });
});

/** A new folder under the system temp folder, removed by `remove()` or when the process exits. */
export function makeTempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  made.add(path);
  return {
    path,
    remove() {
      rmSync(path, { recursive: true, force: true });
      made.delete(path);
    },
  };
}
