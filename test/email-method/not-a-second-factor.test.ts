import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import { addEmailMethod } from "../../src/methods/email/add-email-method.ts";
import { emailMethodEnabledFor } from "../../src/methods/email/email-method-enabled.ts";
import { defaultMethodConfiguration } from "../../src/policy/method-configurations/method-configuration.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { testPassword } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { type EmailTestApp, enableEmail, openEmailTestApp } from "./support.ts";

// As in Entra, e-mail serves self-service password reset only. An address registered, even with
// Email enabled, is no second factor: the sign-in still asks a user who has nothing else to
// register an MFA method, and never offers a code by e-mail.
for (const kind of databaseKinds) {
  describe(`e-mail is not a second factor on ${kind}`, () => {
    let app: EmailTestApp;
    before(async () => {
      app = await openEmailTestApp(kind);
    });
    after(() => app.close());

    test("Email is disabled until an administrator enables it", async () => {
      assert.equal(defaultMethodConfiguration("Email").state, "disabled");
      const user = await createUser(app.ctx, testActor, app.t.tenant, {
        upn: "predefinito@scuola.example.it",
      });
      assert.equal(await emailMethodEnabledFor(app.ctx, app.t.tenant.id, user.id), false);
      await enableEmail(app);
      assert.equal(await emailMethodEnabledFor(app.ctx, app.t.tenant.id, user.id), true);
      const { mail: _mail, ...withoutMail } = app.ctx;
      assert.equal(
        await emailMethodEnabledFor(withoutMail, app.t.tenant.id, user.id),
        false,
        "no mail can be sent: not offered",
      );
    });

    test("a user with only an e-mail method is still asked to register an MFA method", async () => {
      await enableEmail(app);
      const user = await createUser(app.ctx, testActor, app.t.tenant, {
        upn: "solo.email@scuola.example.it",
        password: testPassword,
      });
      await addEmailMethod(app.ctx, testActor, user, "solo@posta.example.org");
      const browser = browserLike(app.server);
      const started = await browser.json("POST", "/api/v1/sign-in", {
        upn: user.upn,
        password: testPassword,
      });
      const step = started.json();
      assert.equal(step.state, "register", JSON.stringify(step));
      assert.doesNotMatch(JSON.stringify(step), /mail/i, "no e-mail offered");
      assert.equal(app.received.length, 0, "no code e-mailed at sign-in");
    });
  });
}
