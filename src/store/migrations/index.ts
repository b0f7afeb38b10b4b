import type { Migration } from "kysely/migration";
import { initial } from "./0001-initial.ts";

/** Every migration, in order. Append only: a released migration is never edited. */
export const migrations: Record<string, Migration> = {
  "0001-initial": initial,
};
