import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createCampaign } from "../../src/campaigns/create-campaign.ts";
import { endCampaign } from "../../src/campaigns/end-campaign.ts";
import { sendCampaignReminders } from "../../src/campaigns/send-reminders.ts";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { createGroup } from "../../src/directory/create-group.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { setGroupMember } from "../../src/directory/set-group-member.ts";
import type { User } from "../../src/directory/types.ts";
import { createMailSender } from "../../src/sender/mail-sender.ts";
import { listAudit } from "../../src/store/queries/audit-log.ts";
import { listSignIns } from "../../src/store/queries/sign-in-log.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { startSmtpSink } from "../support/smtp-sink.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const day = 24 * 60 * 60_000;
const publicUrl = "https://mfa.school.it";

for (const kind of databaseKinds) {
  describe(`enrolment campaigns on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
    let mail: ReturnType<typeof createMailSender>;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      smtp = await startSmtpSink();
      mail = createMailSender({
        smtpUrl: smtp.url,
        mailFrom: "varco@school.it",
        dataDir: t.dataDir,
      });
    });
    after(async () => {
      await server.close();
      await smtp.close();
      await t.close();
    });

    const newUser = (upn: string, mailAddress?: string) =>
      createUser(t.ctx, testActor, t.tenant, {
        upn,
        password: testPassword,
        ...(mailAddress ? { mail: mailAddress } : {}),
      });
    const signIn = async (upn: string) => {
      const browser = browserLike(server);
      const start = await browser.json("POST", "/api/v1/sign-in", { upn, password: testPassword });
      return { browser, step: start.json() };
    };
    const groupOf = async (name: string, users: User[]) => {
      const group = await createGroup(t.ctx, testActor, t.tenant, name);
      for (const user of users) await setGroupMember(t.ctx, testActor, group, user, true);
      return group;
    };

    test("before the deadline registration may be postponed N times, then it is owed; after the deadline at once", async () => {
      const user = await newUser("postpone.me@school.it");
      const outsider = await newUser("not.in.campaign@school.it");
      await groupOf("Docenti", [user]);
      const campaign = await createCampaign(t.ctx, testActor, t.tenant, {
        group: "Docenti",
        startsAt: t.clock.now(),
        deadlineAt: t.clock.now() + 14 * day,
        postponementsAllowed: 2,
        reminderIntervalDays: 7,
      });
      for (const left of [2, 1]) {
        const { browser, step } = await signIn(user.upn);
        assert.equal(step.state, "register");
        assert.equal(step.postpone?.left, left);
        const later = await browser.json("POST", "/api/v1/sign-in/register/postpone", {});
        assert.deepEqual(later.json(), { state: "signed_in", mfa: "registrationPostponed" });
      }
      const used = await signIn(user.upn);
      assert.deepEqual(used.step, { state: "register", required: 1, registered: 0 }, "none left");
      const refused = await used.browser.json("POST", "/api/v1/sign-in/register/postpone", {});
      assert.equal(refused.json().state, "register", "postponing again changes nothing");

      assert.equal((await signIn(outsider.upn)).step.postpone, undefined, "outside the group");

      const audit = await listAudit(t.ctx.store.db, t.tenant.id, 1000);
      const postponed = audit.filter((e) => e.action === "Postpone registration");
      assert.equal(postponed.length, 2);
      assert.deepEqual(JSON.parse(postponed[0]?.details_json ?? "{}").campaignId, campaign.id);
      const log = await listSignIns(t.ctx.store.db, t.tenant.id, 50);
      assert.ok(log.some((e) => e.user_id === user.id && e.mfa === "registrationPostponed"));

      // A second campaign for everyone; past its deadline, registration is owed at once.
      const everyone = await createCampaign(t.ctx, testActor, t.tenant, {
        group: null,
        startsAt: t.clock.now(),
        deadlineAt: t.clock.now() + day,
        postponementsAllowed: 5,
        reminderIntervalDays: 1,
      });
      assert.equal((await signIn(outsider.upn)).step.postpone?.left, 5);
      t.clock.advance(day + 60_000);
      assert.equal((await signIn(outsider.upn)).step.postpone, undefined, "after the deadline");
      await assert.rejects(endCampaign(t.ctx, testActor, t.tenant, everyone.id), {
        code: "campaign_ended",
      });
      await endCampaign(t.ctx, testActor, t.tenant, campaign.id);
    });

    test("reminders go once per interval to those not registered, with the tenant's sign-in link", async () => {
      const waiting = await newUser("waiting@school.it", "waiting@mail.school.it");
      const done = await createSignInUser(t, "done@school.it");
      const blocked = await newUser("blocked@school.it");
      await setUserBlocked(t.ctx, testActor, blocked, { blocked: true, reason: "left the school" });
      await groupOf("Segreteria", [waiting, done.user, blocked]);
      const campaign = await createCampaign(t.ctx, testActor, t.tenant, {
        group: "Segreteria",
        startsAt: t.clock.now(),
        deadlineAt: t.clock.now() + 30 * day,
        postponementsAllowed: 3,
        reminderIntervalDays: 7,
      });
      const send = () => sendCampaignReminders({ ...t.ctx, mail }, { publicUrl });
      const before = smtp.received.length;
      assert.deepEqual(await send(), { sent: 1, failed: 0 });
      assert.deepEqual(await send(), { sent: 0, failed: 0 }, "not twice in one interval");
      const sent = smtp.received.slice(before);
      assert.deepEqual(
        sent.map((m) => m.to),
        [["waiting@mail.school.it"]],
      );
      assert.match(sent[0]?.text ?? "", /https:\/\/mfa\.school\.it\/sign-in/);
      assert.match(sent[0]?.text ?? "", /Europe\/Rome/);
      assert.match(sent[0]?.subject ?? "", /Configura il secondo metodo di accesso/);

      t.clock.advance(7 * day);
      assert.deepEqual(await send(), { sent: 1, failed: 0 }, "the next interval");
      await endCampaign(t.ctx, testActor, t.tenant, campaign.id);
      t.clock.advance(7 * day);
      assert.deepEqual(await send(), { sent: 0, failed: 0 }, "none after the campaign ends");
    });

    if (kind === "postgres") {
      test("two sign-ins postponing at once take no more than the campaign allows", async () => {
        const user = await newUser("twice.at.once@school.it");
        const campaign = await createCampaign(t.ctx, testActor, t.tenant, {
          group: (await groupOf("Once", [user])).name,
          startsAt: t.clock.now(),
          deadlineAt: t.clock.now() + 10 * day,
          postponementsAllowed: 1,
          reminderIntervalDays: 2,
        });
        const first = await signIn(user.upn);
        const second = await signIn(user.upn);
        assert.equal(first.step.postpone?.left, 1);
        assert.equal(second.step.postpone?.left, 1);
        const answers = await Promise.all(
          [first, second].map((s) =>
            s.browser.json("POST", "/api/v1/sign-in/register/postpone", {}),
          ),
        );
        assert.deepEqual(answers.map((a) => a.json().state).sort(), ["register", "signed_in"]);
        await endCampaign(t.ctx, testActor, t.tenant, campaign.id);
      });

      test("two instances sending at once send each reminder once", async () => {
        const users = await Promise.all(
          ["one", "two", "three", "four"].map((n) => newUser(`race.${n}@school.it`)),
        );
        const campaign = await createCampaign(t.ctx, testActor, t.tenant, {
          group: (await groupOf("Race", users)).name,
          startsAt: t.clock.now(),
          deadlineAt: t.clock.now() + 10 * day,
          postponementsAllowed: 1,
          reminderIntervalDays: 2,
        });
        const sibling = await t.openSibling();
        const before = smtp.received.length;
        const results = await Promise.all([
          sendCampaignReminders({ ...t.ctx, mail }, { publicUrl }),
          sendCampaignReminders({ ...sibling.ctx, mail }, { publicUrl }),
        ]);
        assert.equal(results[0].sent + results[1].sent, 4);
        const to = smtp.received
          .slice(before)
          .map((m) => m.to[0])
          .sort();
        assert.deepEqual(to, users.map((u) => u.upn).sort());
        await endCampaign(t.ctx, testActor, t.tenant, campaign.id);
      });
    }
  });
}
