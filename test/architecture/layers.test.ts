import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, test } from "node:test";

/**
 * Data flows one way (shared DESIGN, "Shape"): the interfaces (`src/http/`, `src/cli/`) call the
 * flows, the domain rules and the store, never the other way round. A store query or a rule that
 * imported a route would tie the domain to Fastify and make a cycle of the layers.
 */

const root = resolve(import.meta.dirname, "../..");
const src = join(root, "src");
const interfaces = ["http", "cli"].map((folder) => join(src, folder));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [path] : [];
  });
}

// Static imports and re-exports (`import … from "x"`, `export … from "x"`, `import "x"`) and
// dynamic `import("x")`. A match inside a comment counts too: better a false alarm than a miss.
const importPattern =
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{},\s]+?\s+from\s+)?["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;

/** The files a source file imports from the project, as absolute paths. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(importPattern)]
    .map((match) => match[1] ?? match[2] ?? "")
    .filter((specifier) => specifier.startsWith("."))
    .map((specifier) => resolve(dirname(file), specifier));
}

const inside = (path: string, dir: string) => path === dir || path.startsWith(`${dir}${sep}`);

describe("layers point one way", () => {
  const files = sourceFiles(src);

  test("the import scanner sees the imports it should", () => {
    const filterSql = join(src, "store", "queries", "filter-sql.ts");
    assert.ok(files.includes(filterSql));
    assert.ok(importsOf(filterSql).includes(join(src, "odata", "types.ts")));
    const usersRoutes = importsOf(join(src, "http", "admin", "users-routes.ts"));
    assert.ok(usersRoutes.includes(join(src, "odata", "parse-filter.ts")));
    assert.ok(usersRoutes.includes(join(src, "http", "admin", "admin-principal.ts")));
  });

  test("nothing outside src/http and src/cli imports from them", () => {
    const offending = files
      .filter((file) => !interfaces.some((dir) => inside(file, dir)))
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => interfaces.some((dir) => inside(target, dir)))
          .map((target) => `${relative(root, file)} imports ${relative(root, target)}`),
      );
    assert.deepEqual(offending, [], "the domain and the store must not depend on an interface");
  });
});
