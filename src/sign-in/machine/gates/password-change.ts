import { interrupted } from "../decision.ts";
import type { Gate } from "../gate.ts";

/** A new password is owed (high risk): it is chosen before any session starts. */
export const passwordChange: Gate = {
  name: "passwordChange",
  check: (facts, situation) =>
    situation.user?.passwordChangeRequired && facts.passwordChangedAt === null
      ? { next: "change_password", log: interrupted("password_change_required") }
      : undefined,
};
