import type { Context } from "../context.ts";
import { type ExpiringTable, sweepExpired } from "./sweep-expired.ts";

const hour = 60 * 60_000;

/**
 * The server's side of sweepExpired: at start and then every hour. A failure is reported and
 * tried again the next hour; it never stops the server. Returns a stop function.
 */
export function sweepExpiredHourly(
  ctx: Context,
  report: (outcome: { removed: Record<ExpiringTable, number> } | { error: unknown }) => void,
): () => void {
  const run = () =>
    sweepExpired(ctx.store.db, ctx.now()).then(
      (removed) => report({ removed }),
      (error: unknown) => report({ error }),
    );
  void run();
  const timer = setInterval(run, hour);
  timer.unref();
  return () => clearInterval(timer);
}
