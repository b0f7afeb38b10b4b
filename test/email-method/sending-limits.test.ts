import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createUser } from "../../src/directory/create-user.ts";
import { sendEmailCode } from "../../src/methods/email/send-email-code.ts";
import { emailLimits } from "../../src/methods/email/take-email-allowance.ts";
import { databaseKinds } from "../support/databases.ts";
import { signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { testActor } from "../support/test-app.ts";
import { type EmailTestApp, enableEmail, openEmailTestApp } from "./support.ts";

const hour = 60 * 60_000;

// Nothing is sent without a limit: every e-mail is counted per user, per address and per tenant before it
// goes out; past a limit nothing is sent until the hour has passed.
for (const kind of databaseKinds) {
  describe(`limits on e-mailed codes on ${kind}`, () => {
    let app: EmailTestApp;
    before(async () => {
      app = await openEmailTestApp(kind);
    });
    after(() => app.close());
    let n = 0;
    const newUser = () =>
      createUser(app.ctx, testActor, app.t.tenant, { upn: `limite.${++n}@scuola.example.it` });
    const sendTo = (user: Awaited<ReturnType<typeof newUser>>, address: string, boundTo: string) =>
      sendEmailCode(app.ctx, app.t.tenant, user, {
        purpose: "passwordReset",
        boundTo,
        address,
        language: "en",
      });
    const mailsTo = (address: string) => app.received.filter((m) => m.to.includes(address)).length;

    test("one user: the sixth e-mail in an hour is refused and not sent; an hour later it goes", async () => {
      const user = await newUser();
      for (let i = 0; i < emailLimits.perUserPerHour; i++)
        assert.equal(await sendTo(user, `u${i}@posta.example.org`, `u-${i}`), "sent");
      assert.equal(await sendTo(user, "u-extra@posta.example.org", "u-extra"), "limited");
      assert.equal(mailsTo("u-extra@posta.example.org"), 0);
      app.t.clock.advance(hour);
      assert.equal(await sendTo(user, "u-extra@posta.example.org", "u-extra"), "sent");
      assert.equal(mailsTo("u-extra@posta.example.org"), 1);
    });

    test("one address, over many users: the sixth e-mail in an hour is refused, in any case", async () => {
      const address = "bersaglio@posta.example.org";
      for (let i = 0; i < emailLimits.perAddressPerHour; i++)
        assert.equal(await sendTo(await newUser(), address, `a-${i}`), "sent");
      assert.equal(
        await sendTo(await newUser(), "Bersaglio@POSTA.example.org", "a-extra"),
        "limited",
      );
      assert.equal(mailsTo(address), emailLimits.perAddressPerHour);
    });

    test("the tenant: past its hourly budget nobody gets a code", async () => {
      // Other users' mails have used the tenant's hour up to its limit.
      await app.ctx.store.db
        .insertInto("counters")
        .values({
          key: `email-tenant:${app.t.tenant.id}`,
          value: emailLimits.perTenantPerHour,
          expires_at: app.t.clock.now() + hour,
        })
        .onConflict((c) =>
          c.column("key").doUpdateSet({
            value: emailLimits.perTenantPerHour,
            expires_at: app.t.clock.now() + hour,
          }),
        )
        .execute();
      assert.equal(await sendTo(await newUser(), "ultimo@posta.example.org", "t-1"), "limited");
      assert.equal(mailsTo("ultimo@posta.example.org"), 0);
      app.t.clock.advance(hour);
      assert.equal(await sendTo(await newUser(), "ultimo@posta.example.org", "t-2"), "sent");
    });

    test("on Security info the sixth request in an hour says so and sends nothing", async () => {
      await enableEmail(app);
      const u = await createSignInUser(app.t, "pagina.limite@scuola.example.it");
      const me = await signInToPages(app.t, app.server, u);
      for (let i = 0; i < emailLimits.perUserPerHour; i++) {
        const sent = await me.post("/security-info/email", { address: `p${i}@posta.example.org` });
        assert.equal(sent.headers.location, "/security-info/email/code", String(i));
      }
      const refused = await me.post("/security-info/email?lang=en", {
        address: "p-extra@posta.example.org",
      });
      assert.equal(refused.statusCode, 429);
      assert.match(refused.body, /Too many codes have been sent by e-mail/);
      assert.equal(mailsTo("p-extra@posta.example.org"), 0);
    });
  });
}
