import type { Context } from "../context.ts";
import { pruneAudit } from "./prune-audit.ts";

const day = 24 * 60 * 60_000;

/**
 * The server's side of the audit retention: prunes at start and then once a day. A failure is
 * reported and tried again the next day; it never stops the server. Returns a stop function.
 */
export function pruneAuditDaily(
  ctx: Context,
  days: number,
  report: (outcome: { removed: number } | { error: unknown }) => void,
): () => void {
  const run = () =>
    pruneAudit(ctx, { type: "system", id: null, name: "varco" }, days).then(
      (removed) => report({ removed }),
      (error: unknown) => report({ error }),
    );
  void run();
  const timer = setInterval(run, day);
  timer.unref();
  return () => clearInterval(timer);
}
