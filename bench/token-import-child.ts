// One token import in a process of its own, so its peak memory is its own: prints
// { ms, cpuMs, imported, failed, maxRssMb, transactions, transactionP50Ms, transactionP99Ms,
// transactionMaxMs } as JSON. Run by token-import.ts.
import { openApp } from "../src/app/open-app.ts";
import { loadConfig } from "../src/config/load-config.ts";
import type { Context } from "../src/context.ts";
import { findTenant } from "../src/directory/find-tenant.ts";
import { openImportFile } from "../src/hardware-tokens/import-file.ts";
import { importTokens } from "../src/hardware-tokens/import-tokens.ts";

const [dataDir, file] = process.argv.slice(2) as [string, string];
// As the server opens the store: WAL checkpoints in a worker thread, not in the commits.
const app = await openApp(loadConfig({ VARCO_DATA_DIR: dataDir }), { serving: true });
try {
  // How long each write transaction held the database, from its BEGIN to its commit: what a
  // sign-in arriving meanwhile waits at most.
  const held: number[] = [];
  const { store } = app.ctx;
  const ctx: Context = {
    ...app.ctx,
    store: {
      ...store,
      async transaction(work) {
        const began = performance.now();
        try {
          return await store.transaction(work);
        } finally {
          held.push(performance.now() - began);
        }
      },
    },
  };
  const tenant = await findTenant(ctx);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const input = await openImportFile(file, "seed");
  const summary = await importTokens(
    ctx,
    { type: "cli", id: null, name: "bench" },
    tenant,
    input.rows,
    { onRefused: () => {} },
  );
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  held.sort((a, b) => a - b);
  const at = (share: number) => held[Math.min(held.length - 1, Math.floor(held.length * share))];
  process.stdout.write(
    `${JSON.stringify({
      ms,
      cpuMs: (cpu.user + cpu.system) / 1000,
      ...summary,
      maxRssMb: process.resourceUsage().maxRSS / 1024,
      transactions: held.length,
      transactionP50Ms: at(0.5) ?? 0,
      transactionP99Ms: at(0.99) ?? 0,
      transactionMaxMs: held.at(-1) ?? 0,
    })}\n`,
  );
} finally {
  // The checkpoint worker is unreferenced: something must keep the process up while it stops.
  const keepAlive = setInterval(() => {}, 1000);
  await app.close();
  clearInterval(keepAlive);
}
