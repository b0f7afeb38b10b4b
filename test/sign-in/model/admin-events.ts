import assert from "node:assert/strict";
import { setUserBlocked } from "../../../src/directory/block-user.ts";
import { setPassword } from "../../../src/directory/set-password.ts";
import { isVarcoError } from "../../../src/errors/varco-error.ts";
import { unlockUser } from "../../../src/lockout/unlock-user.ts";
import { requireReregistration } from "../../../src/methods/reregistration.ts";
import { authenticateSession } from "../../../src/sessions/authenticate-session.ts";
import { findUserById } from "../../../src/store/queries/users.ts";
import { testActor } from "../../support/test-app.ts";
import type { ModelRun } from "./model-run.ts";
import type { ModelEvent } from "./scenario.ts";

type Aside = Extract<
  ModelEvent,
  { type: "block" | "unblock" | "unlock" | "reregister" | "resetPassword" | "wait" }
>;

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
      model.blockedByReport = false;
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
      model.devices = 0;
      for (const m of model.methods) m.counts = false;
      if (event.removeMethods) {
        model.methods = [];
        model.backupCodes = [];
        model.oathEntries = 0;
      }
      return;
    case "resetPassword": {
      // Graph's passwordProfile: the sessions and remembered devices the model counted end, and
      // none of the run's session tokens works any more.
      const next = `the administrator's password number ${++run.passwordsChosen}`;
      const ended = await setPassword(t.ctx, testActor, user, next, {
        forceChangeNextSignIn: event.force,
      });
      assert.deepEqual(
        [ended.sessionsRevoked, ended.rememberedDevicesRevoked],
        [model.sessions, model.devices],
        `sessions and devices a reset ends: ${run.context()}`,
      );
      for (const token of run.sessionTokens) {
        const session = await authenticateSession(t.ctx, token);
        assert.equal(session, undefined, `a session outlived the reset: ${run.context()}`);
      }
      run.password = next;
      model.passwordReset(event.force);
      return;
    }
    case "wait":
      t.clock.advance(event.minutes * 60_000);
      model.now = t.clock.now();
      return;
  }
}
