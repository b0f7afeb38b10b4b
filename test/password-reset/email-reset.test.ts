import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { checkLocalPassword } from "../../src/directory/local-password.ts";
import { addEmailMethod } from "../../src/methods/email/add-email-method.ts";
import {
  codeMailedTo,
  type EmailTestApp,
  enableEmail,
  openEmailTestApp,
} from "../email-method/support.ts";
import { databaseKinds } from "../support/databases.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { setPolicy, startReset } from "./support.ts";

const newPassword = "lanterne accese sul Ponte Vecchio";

/** Waits until a mail to `address` has come in (a reset's code goes out after the answer). */
async function mailTo(app: EmailTestApp, address: string, count = 1): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (app.received.filter((m) => m.to.includes(address)).length >= count) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no mail to ${address}`);
}

// E-mail as a reset method (for SSPR only), through a real SMTP server.
for (const kind of databaseKinds) {
  describe(`a password reset by e-mail on ${kind}`, () => {
    let app: EmailTestApp;
    before(async () => {
      app = await openEmailTestApp(kind);
      await enableEmail(app);
      await setPolicy(app.t, { passwordResetEnabledFor: "all", passwordResetMethodsRequired: 1 });
    });
    after(() => app.close());

    test("a code to the authentication address typed, then a new password; the user is told at that address", async () => {
      const u = await createSignInUser(app.t, `email.${kind}@scuola.example.it`);
      const address = `privata.${kind}@posta.example.org`;
      await addEmailMethod(app.ctx, testActor, u.user, address);
      const reset = await startReset(app.server, u.upn, "it");
      const page = await reset.get("/password-reset/verify?method=email");
      assert.match(page.body, /Il tuo indirizzo e-mail di autenticazione/);
      const wrong = await reset.post("/password-reset/send", {
        method: "email",
        destination: "altra@posta.example.org",
      });
      assert.equal(wrong.headers.location, "/password-reset/verify?method=email");
      const sent = await reset.post("/password-reset/send", {
        method: "email",
        destination: address.toUpperCase(),
      });
      assert.equal(sent.headers.location, "/password-reset/verify?method=email");
      await mailTo(app, address);
      assert.equal(app.received.filter((m) => m.to.includes("altra@posta.example.org")).length, 0);
      const code = codeMailedTo(app.received, address);
      assert.match(
        (await reset.get("/password-reset/verify?method=email")).body,
        /Codice di verifica/,
      );
      const proven = await reset.post("/password-reset/verify", { method: "email", code });
      assert.equal(proven.headers.location, "/password-reset/verify");
      const done = await reset.post("/password-reset/new-password", {
        newPassword,
        repeatedPassword: newPassword,
      });
      assert.equal(done.statusCode, 303);
      const checked = await checkLocalPassword(app.ctx, app.t.tenant, u.upn, newPassword);
      assert.equal(checked.kind, "right");
      await mailTo(app, address, 2);
      const told = app.received.findLast((m) => m.to.includes(address));
      assert.match(
        told?.text ?? "",
        /La password dell'account email\.\w+@scuola\.example\.it è stata reimpostata/,
      );
      assert.doesNotMatch(told?.text ?? "", /lanterne/, "the mail never holds the password");
      assert.notEqual(
        (await checkLocalPassword(app.ctx, app.t.tenant, u.upn, testPassword)).kind,
        "right",
      );
    });

    test("a reset that names nobody sends nothing to the address typed", async () => {
      const before = app.received.length;
      const reset = await startReset(app.server, `nessuno.${kind}@scuola.example.it`);
      await reset.post("/password-reset/send", {
        method: "email",
        destination: "chiunque@posta.example.org",
      });
      const refused = await reset.post("/password-reset/verify", {
        method: "email",
        code: "123456",
      });
      assert.equal(refused.statusCode, 400);
      await new Promise((resolve) => setTimeout(resolve, 200));
      assert.equal(app.received.length, before);
    });
  });
}
