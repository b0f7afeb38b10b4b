import { recordAudit } from "../audit/record-audit.ts";
import type { Actor, Context } from "../context.ts";
import type { User } from "../directory/types.ts";
import { VarcoError } from "../errors/varco-error.ts";
import { releaseTokens } from "../hardware-tokens/release-tokens.ts";
import {
  deleteMethod,
  findMethod,
  listMethods,
  setDefaultMethod,
} from "../store/queries/methods.ts";
import { lockUser } from "../store/queries/users.ts";

/** Removes one method; when it was the default, the oldest remaining active method takes over. */
export async function removeMethod(
  ctx: Context,
  actor: Actor,
  user: User,
  methodId: string,
): Promise<void> {
  const now = ctx.now();
  await ctx.store.transaction(async (tx) => {
    await lockUser(tx, ctx.store.kind, user.id);
    const method = await findMethod(tx, user.id, methodId);
    if (method?.kind === "hardwareOath") await releaseTokens(tx, user.id, methodId);
    if (!method || !(await deleteMethod(tx, user.id, methodId))) {
      throw new VarcoError("method_not_found", `user '${user.upn}' has no method ${methodId}`);
    }
    if (method.isDefault) {
      const next = (await listMethods(tx, user.id)).find((m) => m.state === "active");
      if (next) await setDefaultMethod(tx, user.id, next.id);
    }
    await recordAudit(
      tx,
      { now, actor, keyring: ctx.keyring },
      {
        tenantId: user.tenantId,
        action: "Delete authentication method",
        targetType: "method",
        targetId: methodId,
        details: { upn: user.upn, kind: method.kind, label: method.label, state: method.state },
      },
    );
  });
}
