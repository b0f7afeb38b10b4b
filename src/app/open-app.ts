import type { Config } from "../config/settings.ts";
import type { Context } from "../context.ts";
import { loadKeyring } from "../crypto/load-keyring.ts";
import { ensureDefaultTenant } from "../directory/default-tenant.ts";
import { createMailSender } from "../sender/mail-sender.ts";
import { openStore } from "../store/open-store.ts";

export type App = {
  readonly ctx: Context;
  readonly config: Config;
  readonly warnings: string[];
  close(): Promise<void>;
};

/**
 * Everything a command needs before it runs: the keys, the store with its migrations applied and
 * the default tenant. The server and every CLI command start here.
 */
export async function openApp(
  config: Config,
  options: { now?: () => number; serving?: boolean } = {},
): Promise<App> {
  const { keyring, warnings } = await loadKeyring({
    masterKey: config.masterKey,
    previousMasterKeys: config.previousMasterKeys,
    dataDir: config.dataDir,
  });
  const store = openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    backgroundCheckpoint: options.serving,
  });
  try {
    await store.migrate(keyring);
    const ctx: Context = {
      store,
      keyring,
      now: options.now ?? Date.now,
      mail: createMailSender(config),
    };
    await ensureDefaultTenant(ctx);
    return { ctx, config, warnings, close: () => store.close() };
  } catch (error) {
    await store.close();
    throw error;
  }
}
