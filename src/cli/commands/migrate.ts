import type { Command } from "commander";
import { loadConfig } from "../../config/load-config.ts";
import { loadKeyring } from "../../crypto/load-keyring.ts";
import { openStore } from "../../store/open-store.ts";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      // The master key seals the audit chain where a migration pins it (0013).
      const { keyring, warnings } = await loadKeyring({
        masterKey: config.masterKey,
        previousMasterKeys: config.previousMasterKeys,
        dataDir: config.dataDir,
      });
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      const store = openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
      try {
        const applied = await store.migrate(keyring);
        if (options.json) process.stdout.write(`${JSON.stringify({ applied })}\n`);
        else
          process.stdout.write(
            applied.length ? `applied: ${applied.join(", ")}\n` : "up to date\n",
          );
      } finally {
        await store.close();
      }
    });
}
