import type { Algorithm } from "@node-rs/argon2";
import { hash } from "@node-rs/argon2";
import { setUserBlocked } from "../../../src/directory/block-user.ts";
import { createUser } from "../../../src/directory/create-user.ts";
import { setGroupMember } from "../../../src/directory/set-group-member.ts";
import type { Tenant, User } from "../../../src/directory/types.ts";
import { regenerateBackupCodes } from "../../../src/methods/backup-codes/regenerate.ts";
import { requireReregistration } from "../../../src/methods/reregistration.ts";
import { activateSoftwareOath } from "../../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../../src/methods/software-oath/enrol.ts";
import { issueTemporaryAccessPass } from "../../../src/methods/temporary-access-pass/issue.ts";
import { decodeBase32 } from "../../../src/otp/base32.ts";
import { generateTotp, totpStep } from "../../../src/otp/totp.ts";
import { incrementCounter, setCounterExpiry } from "../../../src/store/queries/counters.ts";
import type { Group } from "../../../src/store/queries/groups.ts";
import { secondFactorCounterKey } from "../../../src/store/queries/lockouts.ts";
import { setPasswordChangeRequired } from "../../../src/store/queries/risk.ts";
import { setPasswordChangeForced, updatePasswordHash } from "../../../src/store/queries/users.ts";
import { type TestApp, testActor } from "../../support/test-app.ts";
import type { UserChoice } from "./scenario.ts";

export const modelPassword = "the model's own password";

// The argon2id cost of the users of the model runs: the stored hash carries its parameters, so
// a cheap one keeps thousands of runs quick without changing a line of what checks it.
const cheapHash = hash(modelPassword, {
  memoryCost: 1024,
  timeCost: 1,
  parallelism: 1,
  algorithm: 2 as Algorithm,
});

/** A TOTP code of `secret` at `timeMs` (SHA-1, 6 digits, 30 seconds, as enrolment makes). */
export function codeAt(secret: string, timeMs: number): string {
  return generateTotp(decodeBase32(secret), { timeMs, period: 30, algorithm: "SHA1", digits: 6 });
}
export const stepAt = (timeMs: number) => totpStep(timeMs, 30);

/** A code no step within the window accepts. */
export function wrongCodeAt(secret: string, timeMs: number): string {
  const near = [-1, 0, 1].map((d) => codeAt(secret, timeMs + d * 30_000));
  for (let n = 0; ; n++) {
    const candidate = String(n).padStart(6, "0");
    if (!near.includes(candidate)) return candidate;
  }
}

export type SetUpUser = {
  user: User;
  methods: { id: string; secret: string; lastStep: number }[];
  backupCodes: string[];
  pass: { text: string; usableOnce: boolean; startAt: number; expiresAt: number } | undefined;
};

/** A user as the scenario describes them, made through Varco's own operations. */
export async function setUpUser(
  t: TestApp,
  tenant: Tenant,
  group: Group,
  upn: string,
  choice: UserChoice,
  lockoutThreshold: number,
): Promise<SetUpUser> {
  const ctx = t.ctx;
  let user = await createUser(ctx, testActor, tenant, { upn });
  await updatePasswordHash(ctx.store.db, user.id, await cheapHash);
  if (choice.inGroup) await setGroupMember(ctx, testActor, group, user, true);
  const methods: SetUpUser["methods"] = [];
  for (let i = 0; i < choice.methods; i++) {
    const enrolment = await enrolSoftwareOath(ctx, testActor, tenant, user, { label: `app${i}` });
    const now = t.clock.now();
    await activateSoftwareOath(ctx, testActor, tenant, user, {
      methodId: enrolment.method.id,
      code: codeAt(enrolment.secret, now),
    });
    methods.push({ id: enrolment.method.id, secret: enrolment.secret, lastStep: stepAt(now) });
    t.clock.advance(31_000);
  }
  const backupCodes = choice.backupCodes ? await regenerateBackupCodes(ctx, testActor, user) : [];
  if (choice.reregistration !== "none") {
    await requireReregistration(ctx, testActor, user, {
      removeMethods: choice.reregistration === "remove",
    });
    if (choice.reregistration === "remove") {
      methods.length = 0;
      backupCodes.length = 0;
    }
  }
  if (choice.passwordChangeRequired)
    await setPasswordChangeRequired(ctx.store.db, user.id, t.clock.now());
  if (choice.passwordChangeForced)
    await setPasswordChangeForced(ctx.store.db, user.id, t.clock.now());
  if (choice.blocked)
    user = await setUserBlocked(ctx, testActor, user, { blocked: true, reason: "model" });
  if (choice.lockedOut) {
    const key = secondFactorCounterKey(user.id);
    for (let i = 0; i < lockoutThreshold; i++)
      await incrementCounter(ctx.store.db, key, 10 * 60_000, t.clock.now());
    await setCounterExpiry(ctx.store.db, key, t.clock.now() + 15 * 60_000);
  }
  let pass: SetUpUser["pass"];
  if (choice.pass !== "none") {
    const startAt = choice.pass === "later" ? t.clock.now() + 5 * 60_000 : t.clock.now();
    const usableOnce = choice.pass === "oneTime";
    const issued = await issueTemporaryAccessPass(ctx, testActor, tenant, user, {
      startAt,
      usableOnce,
    });
    pass = { text: issued.pass, usableOnce, startAt: issued.startAt, expiresAt: issued.expiresAt };
  }
  return { user, methods, backupCodes, pass };
}
