import type { Config } from "../config/settings.ts";
import type { Context } from "../context.ts";
import { loadKeyring } from "../crypto/load-keyring.ts";
import { ensureDefaultTenant } from "../directory/default-tenant.ts";
import { relyingPartyOf } from "../methods/passkey/relying-party.ts";
import { createPhonePort } from "../sender/create-phone-port.ts";
import { createMailSender } from "../sender/mail-sender.ts";
import { openStore } from "../store/open-store.ts";
import { refuseOpenFolder } from "../store/private-files.ts";
import { checkMasterKey, masterKeySource, migrationKeys } from "./check-master-key.ts";

export type App = {
  readonly ctx: Context;
  readonly config: Config;
  readonly warnings: string[];
  close(): Promise<void>;
};

/**
 * Everything a command needs before it runs: the keys, the store with its migrations applied,
 * the master key checked against the database, and the default tenant. The server and every CLI
 * command start here.
 */
export async function openApp(
  config: Config,
  options: { now?: () => number; serving?: boolean } = {},
): Promise<App> {
  // Whoever created it, a data folder others can read is refused before anything is read.
  refuseOpenFolder(config.dataDir, "VARCO_DATA_DIR");
  const { keyring, warnings } = await loadKeyring({
    masterKey: config.masterKey,
    previousMasterKeys: config.previousMasterKeys,
    dataDir: config.dataDir,
  });
  const store = openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolSize: config.databasePoolSize,
    timeoutMs: config.databaseTimeoutMs,
    // A request never waits past the timeout; a CLI command's statements may.
    connectTimeoutOnly: options.serving !== true,
    backgroundCheckpoint: options.serving,
  });
  const now = options.now ?? Date.now;
  try {
    const keySource = masterKeySource(config);
    // The key is checked before any migration seals with it, and again for a database already
    // migrated (a key rotated since is recorded then).
    await store.migrate(migrationKeys(store.kind, keyring, keySource, now));
    await checkMasterKey(store, keyring, keySource, now());
    const phone = createPhonePort({ store, now, publicUrl: config.publicUrl });
    const rp = relyingPartyOf(config.publicUrl);
    if ("problem" in rp && options.serving)
      warnings.push(
        `passkeys are unavailable: VARCO_PUBLIC_URL ${config.publicUrl}: ${rp.problem}`,
      );
    const relyingParty = "relyingParty" in rp ? rp.relyingParty : undefined;
    const mail = createMailSender(config);
    const ctx: Context = { store, keyring, now, mail, phone, relyingParty };
    await ensureDefaultTenant(ctx);
    const close = async () => {
      await phone.close();
      await store.close();
    };
    return { ctx, config, warnings, close };
  } catch (error) {
    await store.close();
    throw error;
  }
}
