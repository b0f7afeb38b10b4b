// The sign-in as the documents state it, written once more as plain conditions: the reference
// the machine is checked against. It knows nothing of gates, facts or the store.

export type Proof = "code" | "backupCode" | "temporaryAccessPass" | "registration";
export type Way = Proof | "notRequired" | "trustedIp" | "rememberedDevice";

export type Refusal =
  | "throttled"
  | "sign_in_expired"
  | "user_not_found"
  | "invalid_password"
  | "invalid_temporary_access_pass"
  | "temporary_access_pass_expired_or_used"
  | "temporary_access_pass_not_yet_valid"
  | "invalid_code"
  | "code_reused"
  | "locked_out"
  | "invalid_new_password";

/** What is known when the answer to an event is decided. */
export type Circumstances = {
  readonly refusal: Refusal | undefined;
  readonly firstFactorProven: boolean;
  readonly proof: Proof | null;
  readonly reported: boolean;
  readonly passwordChanged: boolean;
  readonly blocked: boolean;
  /** The block is the one the user's own fraud report set: told after the right password. */
  readonly blockedByReport: boolean;
  readonly locked: boolean;
  readonly mfaRequired: boolean;
  readonly trusted: boolean;
  readonly deviceRemembered: boolean;
  /** High risk asks for a new password (after a second factor proven during the sign-in). */
  readonly passwordChangeOwed: boolean;
  /** An administrator's reset asks for a new password (after MFA as the tenant asks it). */
  readonly passwordChangeForced: boolean;
  readonly activeMethods: number;
  readonly registeredMethods: number;
  readonly requiredMethods: number;
  /** The tenant requires phishing-resistant MFA of this user (the model proves no passkey). */
  readonly phishingResistantRequired: boolean;
};

export type Answer = {
  readonly kind:
    | "failed"
    | "blocked"
    | "throttled"
    | "expired"
    | "locked"
    | "pass_not_yet_valid"
    | "fraud_reported"
    | "second_factor"
    | "change_password"
    | "register"
    | "signed_in";
  readonly result: "success" | "failure" | "interrupted";
  readonly reason: string;
  readonly mfa?: Way;
  /** Why a new password is asked, at change_password: high risk is named first. */
  readonly passwordChange?: "risk" | "administrator";
};

/** The answer the documents give for these circumstances. */
export function answer(c: Circumstances): Answer {
  const refused = (kind: Answer["kind"], reason: string): Answer => ({
    kind,
    result: c.refusal
      ? "failure"
      : kind === "second_factor" || kind === "register" || kind === "change_password"
        ? "interrupted"
        : "failure",
    reason: c.refusal ?? reason,
  });
  if (c.reported) return refused("fraud_reported", "fraud_reported");
  if (c.refusal === "throttled") return refused("throttled", "throttled");
  if (c.refusal === "sign_in_expired") return refused("expired", "sign_in_expired");
  if (!c.firstFactorProven) {
    if (c.refusal === "temporary_access_pass_not_yet_valid" && !c.blocked)
      return refused("pass_not_yet_valid", c.refusal);
    return refused("failed", "invalid_password");
  }
  if (c.blocked) return refused(c.blockedByReport ? "blocked" : "failed", "user_blocked");
  if (c.locked) return refused("locked", "locked_out");
  const prove = () =>
    c.activeMethods > 0
      ? refused("second_factor", "mfa_required")
      : refused("register", "registration_required");
  const way: Way | undefined =
    c.proof ??
    (!c.mfaRequired
      ? "notRequired"
      : c.trusted
        ? "trustedIp"
        : c.deviceRemembered
          ? "rememberedDevice"
          : undefined);
  if (way === undefined) return prove();
  // Only a passkey proven or registered now will do; none is, in the model: a proof first, then
  // a passkey to register.
  if (c.phishingResistantRequired) {
    if (c.proof === null && c.activeMethods > 0)
      return refused("second_factor", "phishing_resistant_required");
    return refused("register", "phishing_resistant_required");
  }
  if (c.passwordChangeOwed && c.proof === null) return prove();
  const owed = c.passwordChangeOwed ? "risk" : c.passwordChangeForced ? "administrator" : null;
  if (owed && !c.passwordChanged)
    return { ...refused("change_password", "password_change_required"), passwordChange: owed };
  if (c.mfaRequired && c.registeredMethods < c.requiredMethods) {
    if (c.proof === null && c.activeMethods > 0) return refused("second_factor", "mfa_required");
    return refused("register", "registration_required");
  }
  return { kind: "signed_in", result: "success", reason: "success", mfa: way };
}
