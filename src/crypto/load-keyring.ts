import { mkdir, open, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { VarcoError } from "../errors/varco-error.ts";
import { createKeyring, type Keyring } from "./keyring.ts";
import { parseMasterKey } from "./parse-master-key.ts";
import { randomBytes } from "./random.ts";

export type LoadKeyringOptions = {
  /** The master key from the environment (VARCO_MASTER_KEY); wins over the key file. */
  masterKey?: string;
  /** Keys retired by a rotation, still needed to open older sealed data and keyed hashes. */
  previousMasterKeys?: string[];
  /** The data folder; holds `master.key` when no master key is given. */
  dataDir: string;
};

export type LoadedKeyring = { keyring: Keyring; createdKeyFile: boolean; warnings: string[] };

const keyFileName = "master.key";
// How long to wait for another process that has created the key file but not yet written it.
const incompleteFileRetries = 50;
const incompleteFileDelayMs = 20;

/**
 * The master keys for this process: from `masterKey`, or else from `<dataDir>/master.key`,
 * which is created (mode 0600) with a new random key on first start; a key file group or others
 * may read is refused.
 */
export async function loadKeyring(options: LoadKeyringOptions): Promise<LoadedKeyring> {
  const warnings: string[] = [];
  const previous = (options.previousMasterKeys ?? []).map((text, index) =>
    parseMasterKey(text, `VARCO_PREVIOUS_MASTER_KEYS (entry ${index + 1})`),
  );
  if (options.masterKey !== undefined) {
    const current = parseMasterKey(options.masterKey, "VARCO_MASTER_KEY");
    return { keyring: createKeyring(current, previous), createdKeyFile: false, warnings };
  }
  const path = join(options.dataDir, keyFileName);
  let createdKeyFile = false;
  let current = await readKeyFile(path);
  if (current === undefined) {
    createdKeyFile = await createKeyFile(options.dataDir, path);
    // Read back what is on disk: if another process won the race, its key is the one to use.
    current = await readKeyFile(path);
    if (current === undefined) {
      throw new VarcoError("invalid_master_key", `${path} disappeared while starting`);
    }
  }
  await refuseOpenKeyFile(path);
  return { keyring: createKeyring(current, previous), createdKeyFile, warnings };
}

/** The key in the file, or undefined when there is no file. */
async function readKeyFile(path: string): Promise<Buffer | undefined> {
  for (let attempt = 0; ; attempt++) {
    let text: string;
    try {
      text = await readFile(path, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
    try {
      return parseMasterKey(text, path);
    } catch (error) {
      // Our writer ends the line last: a file without it may still be being written by another
      // process that just created it. A complete line that does not parse is simply wrong.
      if (text.endsWith("\n") || attempt >= incompleteFileRetries) throw error;
    }
    await sleep(incompleteFileDelayMs);
  }
}

/** Creates the key file with a new key; false when another process created it first. */
async function createKeyFile(dataDir: string, path: string): Promise<boolean> {
  // 0700 applies only if the folder is new: it will also hold the database.
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    // "wx" fails if the file exists, so of two processes starting together only one writes.
    handle = await open(path, "wx", 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw error;
  }
  try {
    await handle.writeFile(`${randomBytes(32).toString("base64")}\n`);
    // Data will be sealed under this key at once: it must be on disk before that.
    await handle.sync();
  } finally {
    await handle.close();
  }
  await syncDirectory(dataDir);
  return true;
}

/** Makes the new directory entry durable; not every platform can open a directory for this. */
async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === "win32") return;
  try {
    const handle = await open(dir, "r");
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort: the file itself is already synced.
  }
}

/** A key others can read is refused: whoever read it can open every sealed seed. */
async function refuseOpenKeyFile(path: string): Promise<void> {
  // Windows has no POSIX modes; its ACLs are the operator's to set.
  if (process.platform === "win32") return;
  const { mode } = await stat(path);
  if ((mode & 0o077) === 0) return;
  const octal = (mode & 0o777).toString(8).padStart(3, "0");
  throw new VarcoError(
    "unsafe_file_mode",
    `${path} (the master key) is open to other users (mode ${octal}); run: chmod 600 ${path}`,
  );
}
