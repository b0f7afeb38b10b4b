import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { findEmailMethod } from "../../src/store/queries/email-methods.ts";
import { databaseKinds } from "../support/databases.ts";
import { formHeaders, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser } from "../support/sign-in-user.ts";
import { buildTestServer } from "../support/test-app.ts";
import {
  codeMailedTo,
  type EmailTestApp,
  enableEmail,
  openEmailTestApp,
  otherCode,
} from "./support.ts";

// Security info's "E-mail for password reset": the address is saved only when the
// code e-mailed to it, through a real SMTP server on loopback, is typed back; the page shows it
// masked; the tenant's Email configuration decides whether it is offered.
for (const kind of databaseKinds) {
  describe(`Security info: the e-mail for password reset on ${kind}`, () => {
    let app: EmailTestApp;
    before(async () => {
      app = await openEmailTestApp(kind);
    });
    after(() => app.close());
    const addressOf = async (userId: string) =>
      (await findEmailMethod(app.ctx.store.db, userId))?.address;

    test("refused while the tenant has not enabled Email: no section, no code, nothing saved", async () => {
      const u = await createSignInUser(app.t, "nessuna.email@scuola.example.it");
      const me = await signInToPages(app.t, app.server, u);
      const page = await me.get("/security-info?lang=en");
      assert.equal(page.statusCode, 200);
      assert.doesNotMatch(page.body, /email-method-heading/);
      const ask = await me.get("/security-info/email");
      assert.equal(ask.headers.location, "/security-info?error=email_method_not_allowed");
      const sent = await me.post("/security-info/email", { address: "mia@posta.example.org" });
      assert.equal(sent.statusCode, 403);
      assert.match(sent.body, /does not allow e-mail as a verification method/);
      assert.equal(app.received.length, 0, "no mail went out");
      assert.equal(await addressOf(u.user.id), undefined);
    });

    test("add: a code by SMTP, a wrong one refused, the right one saves; change; remove; audited masked", async () => {
      await enableEmail(app);
      const u = await createSignInUser(app.t, "maria.rossi@scuola.example.it");
      const me = await signInToPages(app.t, app.server, u);
      const empty = await me.get("/security-info?lang=en");
      assert.match(empty.body, /<h2 id="email-method-heading">E-mail for password reset<\/h2>/);
      assert.match(empty.body, /No address yet\./);
      assert.match(empty.body, /href="\/security-info\/email">Add an address</);

      const form = await me.get("/security-info/email");
      assert.match(form.body, /<form method="post" action="\/security-info\/email"/);
      const bad = await me.post("/security-info/email", { address: "maria rossi@posta" });
      assert.equal(bad.statusCode, 400);
      assert.match(bad.body, /Enter an e-mail address such as name@example\.org/);

      const sent = await me.post("/security-info/email", {
        address: "Maria.Rossi@Posta.example.org",
      });
      assert.equal(sent.headers.location, "/security-info/email/code");
      const mail = app.received.at(-1);
      assert.ok(mail, "the mail reached the SMTP server");
      // SMTP servers take the domain in any case; this one writes it down lower-cased.
      assert.deepEqual(
        mail.to.map((to) => to.toLowerCase()),
        ["maria.rossi@posta.example.org"],
      );
      assert.equal(mail.from, "varco@scuola.example.it");
      assert.match(mail.subject, /Verification code/);
      assert.doesNotMatch(mail.subject, /[0-9]{6}/, "no code in the subject");
      assert.match(
        mail.text,
        /confirm this address as the verification e-mail of the account maria\.rossi@scuola\.example\.it/,
      );
      assert.match(mail.text, /expires in 10 minutes/);
      assert.match(mail.text, /Do not share it with anyone/);
      const code = codeMailedTo(app.received, "Maria.Rossi@Posta.example.org");
      assert.equal(await addressOf(u.user.id), undefined, "nothing saved before the code");

      const codePage = await me.get("/security-info/email/code");
      assert.match(codePage.body, /We sent a 6-digit code to M•••@P•••\.org\./);
      assert.doesNotMatch(codePage.body, /Rossi|Posta/);
      const wrong = await me.post("/security-info/email/code", { code: otherCode(code) });
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /The code is not valid\./);
      assert.equal(await addressOf(u.user.id), undefined);

      const right = await me.post("/security-info/email/code", {
        code: ` ${code.slice(0, 3)} ${code.slice(3)} `,
      });
      assert.equal(right.headers.location, "/security-info?notice=email_added");
      assert.equal(await addressOf(u.user.id), "Maria.Rossi@Posta.example.org", "kept as typed");
      const shown = await me.get("/security-info?notice=email_added");
      assert.match(shown.body, /The address has been verified and saved\./);
      assert.match(shown.body, /M•••@P•••\.org/);
      assert.doesNotMatch(shown.body, /Maria\.Rossi|Posta\.example/);
      const replay = await me.post("/security-info/email/code", { code });
      assert.equal(
        replay.headers.location,
        "/security-info?error=invalid_code",
        "the code is spent",
      );

      // Change, in Italian: the old address stays until the new one's code comes back.
      const changed = await me.post("/security-info/email?lang=it", {
        address: "maria@casa.example.net",
      });
      assert.equal(changed.headers.location, "/security-info/email/code");
      const italian = app.received.at(-1);
      assert.match(italian?.text ?? "", /Il codice scade tra 10 minuti/);
      assert.match(italian?.text ?? "", /Non comunicarlo a nessuno/);
      assert.equal(await addressOf(u.user.id), "Maria.Rossi@Posta.example.org");
      const confirmed = await me.post("/security-info/email/code", {
        code: codeMailedTo(app.received, "maria@casa.example.net"),
      });
      assert.equal(confirmed.headers.location, "/security-info?notice=email_changed");
      assert.equal(await addressOf(u.user.id), "maria@casa.example.net");

      const ask = await me.get("/security-info/email/remove?lang=en");
      assert.match(ask.body, /<h1>Remove the address m•••@c•••\.net\?<\/h1>/);
      assert.equal(await addressOf(u.user.id), "maria@casa.example.net", "asking removes nothing");
      const removed = await me.post("/security-info/email/remove");
      assert.equal(removed.headers.location, "/security-info?notice=email_removed");
      assert.equal(await addressOf(u.user.id), undefined);
      assert.equal((await me.get("/security-info/email/remove")).statusCode, 404);

      const entries = (await listAudit(app.ctx.store.db, app.t.tenant.id, 10_000))
        .filter((a) => a.actor_id === u.user.id && a.action.includes("email"))
        .reverse();
      assert.deepEqual(
        entries.map((a) => a.action),
        ["Add email method", "Update email method", "Delete email method"],
      );
      assert.match(entries[0]?.details_json ?? "", /M•••@P•••\.org/);
      assert.doesNotMatch(entries.map((a) => a.details_json).join(), /Rossi|casa\.example/);
    });

    test("only the newest code is live, and it saves the address it went to", async () => {
      await enableEmail(app);
      const u = await createSignInUser(app.t, "due.indirizzi@scuola.example.it");
      const me = await signInToPages(app.t, app.server, u);
      await me.post("/security-info/email", { address: "primo@posta.example.org" });
      const first = codeMailedTo(app.received, "primo@posta.example.org");
      await me.post("/security-info/email", { address: "secondo@posta.example.org" });
      const second = codeMailedTo(app.received, "secondo@posta.example.org");
      if (first !== second) {
        const stale = await me.post("/security-info/email/code", { code: first });
        assert.equal(stale.statusCode, 401, "the first code died with the second");
      }
      const saved = await me.post("/security-info/email/code", { code: second });
      assert.equal(saved.headers.location, "/security-info?notice=email_added");
      assert.equal(await addressOf(u.user.id), "secondo@posta.example.org");
    });

    test("another user's session cannot spend the code", async () => {
      await enableEmail(app);
      const owner = await createSignInUser(app.t, "proprietario@scuola.example.it");
      const other = await createSignInUser(app.t, "altro@scuola.example.it");
      const mine = await signInToPages(app.t, app.server, owner);
      const theirs = await signInToPages(app.t, app.server, other);
      await mine.post("/security-info/email", { address: "proprietario@posta.example.org" });
      const code = codeMailedTo(app.received, "proprietario@posta.example.org");
      const stolen = await theirs.post("/security-info/email/code", { code });
      assert.equal(stolen.headers.location, "/security-info?error=invalid_code");
      assert.equal(await addressOf(other.user.id), undefined);
      const saved = await mine.post("/security-info/email/code", { code });
      assert.equal(saved.headers.location, "/security-info?notice=email_added");
    });

    test("the code is never in the log, at the most verbose level", async () => {
      await enableEmail(app);
      const lines: string[] = [];
      const logged = await buildTestServer(app.ctx, {
        logLevel: "trace",
        logStream: { write: (line: string) => lines.push(line) > 0, flush: () => {} },
      });
      try {
        const u = await createSignInUser(app.t, "registro.pulito@scuola.example.it");
        const me = await signInToPages(app.t, logged, u);
        await me.post("/security-info/email", { address: "pulito@posta.example.org" });
        const code = codeMailedTo(app.received, "pulito@posta.example.org");
        await me.post("/security-info/email/code", { code: otherCode(code) });
        const saved = await me.post("/security-info/email/code", { code });
        assert.equal(saved.headers.location, "/security-info?notice=email_added");
        assert.ok(lines.length > 0, "the log was written: the check can fail");
        for (const line of lines)
          assert.doesNotMatch(line, new RegExp(`(?<![0-9])${code}(?![0-9])`));
      } finally {
        await logged.close();
      }
    });

    test("a form without its CSRF token changes nothing and sends nothing", async () => {
      await enableEmail(app);
      const u = await createSignInUser(app.t, "senza.csrf@scuola.example.it");
      const me = await signInToPages(app.t, app.server, u);
      const before = app.received.length;
      for (const [url, payload] of [
        ["/security-info/email", "address=x%40posta.example.org"],
        ["/security-info/email/code", "code=123456"],
        ["/security-info/email/remove", ""],
      ] as const) {
        const forged = await me.browser.request({
          method: "POST",
          url,
          headers: formHeaders,
          payload,
        });
        assert.equal(forged.statusCode, 403, url);
      }
      assert.equal(app.received.length, before);
    });

    test("past the recent-authentication window, each step asks for a code first", async () => {
      await enableEmail(app);
      const u = await createSignInUser(app.t, "vecchia.prova@scuola.example.it");
      const me = await signInToPages(app.t, app.server, u);
      app.t.clock.advance(40 * 60_000);
      await me.get("/security-info");
      app.t.clock.advance(25 * 60_000);
      const before = app.received.length;
      const send = await me.post("/security-info/email", { address: "tardi@posta.example.org" });
      assert.equal(send.headers.location, "/reauth?returnTo=%2Fsecurity-info%2Femail");
      assert.equal(app.received.length, before, "no mail");
      const remove = await me.get("/security-info/email/remove");
      assert.equal(remove.headers.location, "/reauth?returnTo=%2Fsecurity-info%2Femail%2Fremove");
    });

    test("Email disabled again: the section offers only removal of an address kept", async () => {
      await enableEmail(app);
      const u = await createSignInUser(app.t, "poi.spento@scuola.example.it");
      const me = await signInToPages(app.t, app.server, u);
      await me.post("/security-info/email", { address: "spento@posta.example.org" });
      await me.post("/security-info/email/code", {
        code: codeMailedTo(app.received, "spento@posta.example.org"),
      });
      await enableEmail(app, "disabled");
      const page = await me.get("/security-info?lang=en");
      assert.match(page.body, /s•••@p•••\.org/);
      assert.doesNotMatch(page.body, /Change the address/);
      assert.match(page.body, /href="\/security-info\/email\/remove"/);
      const refused = await me.post("/security-info/email", { address: "nuovo@posta.example.org" });
      assert.equal(refused.statusCode, 403);
      await enableEmail(app);
    });
  });
}
