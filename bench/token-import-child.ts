// One token import in a process of its own, so its peak memory is its own: prints
// { ms, imported, failed, maxRssMb } as JSON. Run by token-import.ts.
import { openApp } from "../src/app/open-app.ts";
import { loadConfig } from "../src/config/load-config.ts";
import { findTenant } from "../src/directory/find-tenant.ts";
import { openImportFile } from "../src/hardware-tokens/import-file.ts";
import { importTokens } from "../src/hardware-tokens/import-tokens.ts";

const [dataDir, file] = process.argv.slice(2) as [string, string];
const app = await openApp(loadConfig({ VARCO_DATA_DIR: dataDir }));
try {
  const tenant = await findTenant(app.ctx);
  const started = performance.now();
  const input = await openImportFile(file, "seed");
  const summary = await importTokens(
    app.ctx,
    { type: "cli", id: null, name: "bench" },
    tenant,
    input.rows,
    { onRefused: () => {} },
  );
  const ms = performance.now() - started;
  process.stdout.write(
    `${JSON.stringify({ ms, ...summary, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`,
  );
} finally {
  await app.close();
}
