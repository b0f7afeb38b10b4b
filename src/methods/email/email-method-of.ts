import type { Context } from "../../context.ts";
import { findEmailMethod } from "../../store/queries/email-methods.ts";

/**
 * The user's authentication e-mail (one at most), with its own id (not Graph's fixed one) and
 * the address as typed; undefined when the user has none.
 */
export async function emailMethodOf(
  ctx: Context,
  userId: string,
): Promise<{ id: string; address: string; createdAt: number } | undefined> {
  const method = await findEmailMethod(ctx.store.db, userId);
  return method && { id: method.id, address: method.address, createdAt: method.createdAt };
}
