import { createUser } from "../../src/directory/create-user.ts";
import type { User } from "../../src/directory/types.ts";
import { regenerateBackupCodes } from "../../src/methods/backup-codes/regenerate.ts";
import { activateSoftwareOath } from "../../src/methods/software-oath/activate.ts";
import { enrolSoftwareOath } from "../../src/methods/software-oath/enrol.ts";
import { oathtoolTotp } from "./oathtool.ts";
import { type TestApp, testActor } from "./test-app.ts";

export const testPassword = "correct horse battery";

export type SignInUser = {
  user: User;
  upn: string;
  secret: string;
  methodId: string;
  backupCodes: string[];
};

/** A user with a password, one active authenticator app (activated with oathtool) and backup codes. */
export async function createSignInUser(t: TestApp, upn: string): Promise<SignInUser> {
  const user = await createUser(t.ctx, testActor, t.tenant, { upn, password: testPassword });
  const { method, secret } = await enrolSoftwareOath(t.ctx, testActor, t.tenant, user, {
    label: "phone",
  });
  const code = await oathtoolTotp(secret, { timeMs: t.clock.now() });
  await activateSoftwareOath(t.ctx, testActor, t.tenant, user, { methodId: method.id, code });
  const backupCodes = await regenerateBackupCodes(t.ctx, testActor, user);
  t.clock.advance(30_000);
  return { user, upn, secret, methodId: method.id, backupCodes };
}
