import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { addTenantDomain } from "../../src/directory/domains/add-tenant-domain.ts";
import { findTenant } from "../../src/directory/find-tenant.ts";
import { issueTemporaryAccessPass } from "../../src/methods/temporary-access-pass/issue.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import { type AdminAction, isAllowed } from "../../src/roles/authorize.ts";
import { type Role, roles } from "../../src/roles/roles.ts";
import { createScimToken } from "../../src/scim/tokens/create-scim-token.ts";
import { databaseKinds } from "../support/databases.ts";
import { browserLike } from "../support/http-client.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { csrfOf, formHeaders, html, signInToPages } from "../support/page-sign-in.ts";
import { createSignInUser, type SignInUser, testPassword } from "../support/sign-in-user.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

const decode = (href: string) => href.replaceAll("&amp;", "&");

/** The links (GET) and the forms that POST on an admin page, as paths. */
const linksOf = (body: string) =>
  [...body.matchAll(/<a [^>]*href="(\/admin[^"]*)"/g)].map((m) => decode(m[1] ?? ""));
const postFormsOf = (body: string) =>
  [...body.matchAll(/<form method="post" action="(\/admin[^"]*)"/g)].map((m) => decode(m[1] ?? ""));

/** What a form's POST asks the authorization point, and about whom (a user's id in the path). */
const actionOfForm = (path: string): { action: AdminAction; userId?: string } => {
  if (path.startsWith("/admin/users/bulk/")) return { action: "manageUsers" };
  if (path.startsWith("/admin/policy/security-questions")) return { action: "writePolicy" };
  const onUser = /^\/admin\/users\/([^/]+)\/(.+)$/.exec(path);
  if (onUser) {
    const userId = decodeURIComponent(onUser[1] ?? "");
    const rest = onUser[2] ?? "";
    const byPath: Record<string, AdminAction> = {
      tap: "issueTemporaryAccessPass",
      "tap/delete": "issueTemporaryAccessPass",
      reregister: "requireReregistration",
      "revoke-sessions": "manageSessions",
      password: "resetPassword",
      block: "blockUsers",
      unblock: "blockUsers",
      profile: "manageUsers",
      delete: "manageUsers",
      unlock: "manageSessions",
      risk: "manageRisk",
    };
    const action = /^(methods\/|phones(\/|$)|passkeys\/)/.test(rest)
      ? "manageMethods"
      : byPath[rest];
    assert.ok(action, `a form this test does not know: ${path}`);
    return { action, userId };
  }
  const byPath: Record<string, AdminAction> = {
    "/admin/users": "manageUsers",
    "/admin/policy": "writePolicy",
    "/admin/password-reset": "writePolicy",
    "/admin/branding/colour": "writePolicy",
    "/admin/branding/logo": "writePolicy",
    "/admin/branding/logo/remove": "writePolicy",
    "/admin/tokens/import": "manageHardwareTokens",
    "/admin/tokens/assign": "manageMethods",
    "/admin/tokens/activate": "manageMethods",
    "/admin/campaigns": "manageCampaigns",
    "/admin/domains": "manageDomains",
    "/admin/scim-tokens": "manageRoles",
    "/admin/voice-greetings": "writePolicy",
    "/admin/voice-greetings/delete": "writePolicy",
    "/admin/phone": "writePolicy",
    "/admin/methods/Fido2/settings": "writePolicy",
  };
  if (/^\/admin\/campaigns\/[^/]+\/end$/.test(path)) return { action: "manageCampaigns" };
  if (/^\/admin\/domains\/[^/]+\/remove$/.test(path)) return { action: "manageDomains" };
  if (/^\/admin\/scim-tokens\/[^/]+\/revoke$/.test(path)) return { action: "manageRoles" };
  if (/^\/admin\/methods\/[A-Za-z0-9]+$/.test(path)) return { action: "writePolicy" };
  const action = byPath[path];
  assert.ok(action, `a form this test does not know: ${path}`);
  return { action };
};

for (const kind of databaseKinds) {
  describe(`admin pages by role: no link or form an administrator sees is refused (${kind})`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    /** Users each administrator's pages show: one without a role, one with a role. */
    const targets = new Map<string, { isAdmin: boolean }>();
    before(async () => {
      t = await openTestApp(kind);
      server = await buildTestServer(t.ctx);
      const tenant = await findTenant(t.ctx);
      const plain = await createSignInUser(t, "plain.target@example.it");
      await issueTemporaryAccessPass(t.ctx, testActor, tenant, plain.user, {});
      targets.set(plain.user.id, { isAdmin: false });
      const other = await createSignInUser(t, "admin.target@example.it");
      await assignRole(t.ctx, testActor, other.user, "authenticationAdministrator");
      targets.set(other.user.id, { isAdmin: true });
      // A domain and a SCIM token, so that their confirmation pages are walked too.
      await addTenantDomain(t.ctx, testActor, tenant, "nav.example.it");
      await createScimToken(t.ctx, testActor, tenant, { name: "Entra ID" });
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const signedIn = async (u: SignInUser) => (await signInToPages(t, server, u)).browser;

    for (const role of roles) {
      test(`${role}: every admin page reachable from /admin opens, and shows only forms the role may send`, async () => {
        const u = await createSignInUser(t, `${role.toLowerCase()}@example.it`);
        await assignRole(t.ctx, testActor, u.user, role as Role);
        targets.set(u.user.id, { isAdmin: true });
        const principal = { tenantId: u.user.tenantId, roles: [role as Role] };
        const browser = await signedIn(u);

        // The roll-out dashboard for the roles that read reports; the users list for the others.
        const start = await browser.request({ url: "/admin" });
        const allowed = isAllowed(principal, "readReports");
        assert.equal(start.statusCode, allowed ? 200 : 303);
        const queue = [allowed ? "/admin" : String(start.headers.location)];
        const seen = new Set<string>(queue);
        const forms = new Set<string>();
        while (queue.length > 0) {
          const url = queue.shift() ?? "";
          const page = await browser.request({ url });
          assert.notEqual(page.statusCode, 403, `${role} follows a link to ${url}, refused`);
          assert.ok(page.statusCode < 400, `${role}: ${url} answers ${page.statusCode}`);
          if (!String(page.headers["content-type"]).startsWith("text/html")) continue;
          for (const form of postFormsOf(page.body)) forms.add(form);
          for (const link of linksOf(page.body)) {
            // The language switch shows the same page again.
            if (/[?&]lang=/.test(link) || seen.has(link)) continue;
            seen.add(link);
            queue.push(link);
          }
        }
        assert.ok(seen.size > 1, `${role} sees the users list and more`);
        for (const form of forms) {
          const { action, userId } = actionOfForm(form);
          const target = userId ? targets.get(userId) : undefined;
          assert.ok(
            isAllowed(principal, action, target),
            `${role} is shown a form posting to ${form}, which needs ${action}`,
          );
        }
      });
    }

    test("a Helpdesk Administrator (the README's example) has no policy, risk or token-upload entry", async () => {
      const u = await createSignInUser(t, "anna.verdi@example.it");
      await assignRole(t.ctx, testActor, u.user, "helpdeskAdministrator");
      const browser = await signedIn(u);
      const users = await browser.request({ url: "/admin/users" });
      assert.equal(users.statusCode, 200);
      assert.doesNotMatch(users.body, /href="\/admin\/policy"/);
      assert.doesNotMatch(users.body, /href="\/admin\/risky-users"/);
      assert.match(users.body, /href="\/admin\/sign-ins"/);
      const tokens = await browser.request({ url: "/admin/tokens" });
      assert.equal(tokens.statusCode, 200);
      assert.doesNotMatch(tokens.body, /action="\/admin\/tokens\/import"/);
      // Typing the address still answers 403: hiding the entry is not the check.
      const policy = await browser.request({ url: "/admin/policy" });
      assert.equal(policy.statusCode, 403);
    });
  });
}
