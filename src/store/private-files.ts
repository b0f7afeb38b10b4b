import { closeSync, mkdirSync, openSync, statSync } from "node:fs";
import { VarcoError } from "../errors/varco-error.ts";

// Windows has no POSIX modes; its ACLs are the operator's to set.
const posix = process.platform !== "win32";

/**
 * Creates `dir` (mode 0700) when it is missing, and refuses one that other users of the machine
 * can enter: the data folder holds the database (password hashes, personal data) and the master
 * key. `setting` names where the path comes from, for the message.
 */
export function makePrivateFolder(dir: string, setting: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  refuseOpenFolder(dir, setting);
}

/** Refuses `dir` when group or others may enter it; nothing when it does not exist. */
export function refuseOpenFolder(dir: string, setting: string): void {
  const mode = modeOf(dir);
  if (mode === undefined || (mode & 0o077) === 0) return;
  throw new VarcoError(
    "unsafe_file_mode",
    `${dir} (${setting}) is open to other users (mode ${octal(mode)}); run: chmod -R go= ${dir}`,
  );
}

/**
 * Creates the SQLite file `path` with mode 0600 before SQLite opens it (SQLite gives its -wal
 * and -shm files the mode of the database file), and refuses any of the three that group or
 * others may read.
 */
export function makePrivateDatabaseFile(path: string, setting: string): void {
  if (posix) closeSync(openSync(path, "a", 0o600));
  for (const file of [path, `${path}-wal`, `${path}-shm`]) refuseOpenFile(file, setting);
}

/** Refuses the file `path` when group or others may read or write it. */
export function refuseOpenFile(path: string, setting: string): void {
  const mode = modeOf(path);
  if (mode === undefined || (mode & 0o077) === 0) return;
  throw new VarcoError(
    "unsafe_file_mode",
    `${path} (${setting}) is open to other users (mode ${octal(mode)}); run: chmod 600 ${path}`,
  );
}

function modeOf(path: string): number | undefined {
  if (!posix) return undefined;
  try {
    return statSync(path).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

const octal = (mode: number) => (mode & 0o777).toString(8).padStart(3, "0");
