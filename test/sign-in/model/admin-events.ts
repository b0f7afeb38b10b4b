import assert from "node:assert/strict";
import { setUserBlocked } from "../../../src/directory/block-user.ts";
import { isVarcoError } from "../../../src/errors/varco-error.ts";
import { unlockUser } from "../../../src/lockout/unlock-user.ts";
import { requireReregistration } from "../../../src/methods/reregistration.ts";
import { findUserById } from "../../../src/store/queries/users.ts";
import { testActor } from "../../support/test-app.ts";
import type { ModelRun } from "./model-run.ts";
import type { ModelEvent } from "./scenario.ts";

type Aside = Extract<ModelEvent, { type: "block" | "unblock" | "unlock" | "reregister" | "wait" }>;

/** What an administrator does meanwhile, or time passing: done on Varco and on the model alike. */
export async function aside(run: ModelRun, event: Aside, what: string): Promise<void> {
  const { t, model } = run;
  run.history.push(what);
  const user = await findUserById(t.ctx.store.db, run.user.id);
  if (!user) throw new Error("the run's user is gone");
  switch (event.type) {
    case "block":
    case "unblock":
      await setUserBlocked(t.ctx, testActor, user, {
        blocked: event.type === "block",
        reason: "model",
      });
      model.blocked = event.type === "block";
      return;
    case "unlock": {
      let unlocked = true;
      try {
        await unlockUser(t.ctx, testActor, run.tenant, user);
      } catch (error) {
        if (!isVarcoError(error, "invalid_request")) throw error;
        unlocked = false;
      }
      assert.equal(unlocked, model.locked, `only a locked-out user is unlocked: ${run.context()}`);
      if (unlocked) model.lockout = undefined;
      return;
    }
    case "reregister":
      await requireReregistration(t.ctx, testActor, user, { removeMethods: event.removeMethods });
      model.reregistration = true;
      model.deviceLive = false;
      for (const m of model.methods) m.counts = false;
      if (event.removeMethods) {
        model.methods = [];
        model.backupCodes = [];
        model.oathEntries = 0;
      }
      return;
    case "wait":
      t.clock.advance(event.minutes * 60_000);
      model.now = t.clock.now();
      return;
  }
}
