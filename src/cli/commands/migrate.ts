import type { Command } from "commander";
import { masterKeySource, migrationKeys } from "../../app/check-master-key.ts";
import { loadConfig } from "../../config/load-config.ts";
import { unknownVariableWarnings } from "../../config/unknown-variables.ts";
import { loadKeyring } from "../../crypto/load-keyring.ts";
import { openStore } from "../../store/open-store.ts";

export function registerMigrate(program: Command): void {
  program
    .command("migrate")
    .description("apply pending database migrations")
    .option("--json", "print JSON")
    .action(async (options: { json?: boolean }) => {
      const config = loadConfig();
      for (const warning of unknownVariableWarnings(process.env)) {
        process.stderr.write(`warning: ${warning}\n`);
      }
      // The master key is checked, and seals the audit chain where a migration pins it.
      const { keyring, warnings } = await loadKeyring({
        masterKey: config.masterKey,
        previousMasterKeys: config.previousMasterKeys,
        dataDir: config.dataDir,
      });
      for (const warning of warnings) process.stderr.write(`warning: ${warning}\n`);
      const store = openStore({
        databaseUrl: config.databaseUrl,
        dataDir: config.dataDir,
        timeoutMs: config.databaseTimeoutMs,
      });
      try {
        const applied = await store.migrate(
          migrationKeys(store.kind, keyring, masterKeySource(config), Date.now),
        );
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
