import { logEntryId } from "../store/log-entry-id.ts";

/**
 * A new token's id (and its method's, when assigned): a UUIDv7, whose ids sort in the order they
 * are made. An import appends its ids at the end of the primary key's index; random UUIDs landed
 * all over it, so that past a few hundred thousand tokens each transaction rewrote about one
 * index page per row, and a million-row import spent most of its time writing the WAL.
 */
export function newTokenId(): string {
  return logEntryId();
}
