import { failure } from "../decision.ts";
import type { Gate } from "../gate.ts";

/**
 * The first factor (password, Temporary Access Pass, or a passkey alone) is proven. An unknown
 * user, a wrong password, a wrong pass and a passkey not accepted get one answer; only the log tells them apart (invariant 4). A pass
 * that is right but starts later says so, unless its user is blocked. An account its directory
 * disabled answers as a wrong password, as the directory itself would.
 */
export const credentials: Gate = {
  name: "credentials",
  check: (facts, { refusal, user }) => {
    if (facts.firstFactor.provenAt !== null) return undefined;
    if (refusal?.reason === "temporary_access_pass_not_yet_valid") {
      return user?.blocked
        ? { next: "failed", log: failure("user_blocked") }
        : {
            next: "pass_not_yet_valid",
            startAt: refusal.startAt,
            log: failure(refusal.reason),
          };
    }
    const reason =
      refusal?.reason === "user_not_found" ||
      refusal?.reason === "directory_account_disabled" ||
      refusal?.reason === "invalid_temporary_access_pass" ||
      refusal?.reason === "temporary_access_pass_expired_or_used" ||
      refusal?.reason === "passkey_failed" ||
      refusal?.reason === "passkey_cloned"
        ? refusal.reason
        : "invalid_password";
    return { next: "failed", log: failure(reason) };
  },
};
