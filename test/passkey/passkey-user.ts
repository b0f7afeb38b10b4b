import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import type { User } from "../../src/directory/types.ts";
import { addPasskey } from "../../src/methods/passkey/add-passkey.ts";
import { passkeyPolicyFor } from "../../src/methods/passkey/passkey-policy-for.ts";
import { passkeyRegistrationOptions } from "../../src/methods/passkey/registration-options.ts";
import { verifyPasskeyRegistration } from "../../src/methods/passkey/verify-registration.ts";
import { findUserById } from "../../src/store/queries/users.ts";
import { browserLike } from "../support/http-client.ts";
import { testPassword } from "../support/sign-in-user.ts";
import type { SoftCredential } from "../support/soft-authenticator.ts";
import { type TestApp, testActor } from "../support/test-app.ts";
import { authenticator, withPasskeys } from "./support.ts";

export type PasskeyUser = { user: User; credential: SoftCredential; credentialRowId: string };

/**
 * A passkey added to `user` through the same ceremony the pages use (options, the
 * authenticator's answer, verification), straight through the domain functions; `sign` answers a
 * later challenge with it.
 */
export async function addPasskeyTo(
  t: TestApp,
  user: User,
  attachment: "platform" | "cross-platform" = "platform",
) {
  const ctx = withPasskeys(t);
  const policy = await passkeyPolicyFor(ctx, t.tenant.id, user.id);
  const options = await passkeyRegistrationOptions(ctx, {
    tenant: t.tenant,
    user,
    policy,
    subject: `test:${user.id}`,
  });
  const key = authenticator(attachment);
  const made = key.create(options);
  const verified = await verifyPasskeyRegistration(ctx, {
    user,
    policy,
    response: made.response,
    challenge: options.challenge,
    name: "Test key",
  });
  if (!verified.ok) throw new Error(`the test key was not registered: ${verified.reason}`);
  await addPasskey(ctx, testActor, user, verified.row);
  return {
    credential: made.credential,
    rowId: verified.row.id,
    sign: (requested: Parameters<typeof key.get>[0]) => key.get(requested, made.credential),
  };
}

/** A user with a password and one passkey. */
export async function createPasskeyUser(
  t: TestApp,
  upn: string,
  attachment: "platform" | "cross-platform" = "platform",
): Promise<PasskeyUser> {
  const created = await createUser(t.ctx, testActor, t.tenant, { upn, password: testPassword });
  const key = await addPasskeyTo(t, created, attachment);
  const user = (await findUserById(t.ctx.store.db, created.id)) as User;
  return { user, credential: key.credential, credentialRowId: key.rowId };
}

/** A browser that signed in with the password and stands at the second factor. */
export async function atSecondFactor(server: FastifyInstance, upn: string) {
  const browser = browserLike(server);
  const start = await browser.json("POST", "/api/v1/sign-in", { upn, password: testPassword });
  if (start.json().state !== "second_factor") throw new Error(start.body);
  const options = await browser.json("POST", "/api/v1/sign-in/passkey/options", {});
  return { browser, options: options.json().options };
}
