import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { createApiKey } from "../../src/api-keys/create-api-key.ts";
import { setUserBlocked } from "../../src/directory/block-user.ts";
import { createUser } from "../../src/directory/create-user.ts";
import { createEnrolledUser } from "../support/enrolled-user.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

// /metrics counted validate calls by reason (user_not_found, locked_out, user_blocked,
// no_method) for anyone to read, which undid the identical `reject` the validate API answers.

const token = "operators-only-metrics-token-0123456789";

describe("/metrics is for operators only", () => {
  let t: TestApp;
  let withToken: FastifyInstance;
  let withoutToken: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    withToken = await buildTestServer(t.ctx, { metricsToken: token });
    withoutToken = await buildTestServer(t.ctx);
  });
  after(async () => {
    await withToken.close();
    await withoutToken.close();
    await t.close();
  });

  const scrape = (server: FastifyInstance, authorization?: string) =>
    server.inject({ url: "/metrics", headers: authorization ? { authorization } : {} });

  test("without a metrics token configured, /metrics is off: 404, and no metrics", async () => {
    for (const authorization of [undefined, `Bearer ${token}`, "Bearer "]) {
      const answer = await scrape(withoutToken, authorization);
      assert.equal(answer.statusCode, 404);
      assert.equal(answer.json().error.code, "not_found");
      assert.doesNotMatch(answer.body, /varco_/);
    }
  });

  test("with a token configured, no token or a wrong one gets 401 and no metrics", async () => {
    const wrong = [
      undefined,
      "Bearer ",
      `Bearer ${token.slice(0, -1)}`,
      `Bearer ${token}x`,
      `Bearer ${token.toUpperCase()}`,
      `Basic ${Buffer.from(`metrics:${token}`).toString("base64")}`,
      token,
    ];
    for (const authorization of wrong) {
      const answer = await scrape(withToken, authorization);
      assert.equal(answer.statusCode, 401, String(authorization));
      assert.equal(answer.json().error.code, "unauthorized");
      assert.doesNotMatch(answer.body, /varco_/);
    }
  });

  test("with the token, /metrics answers the metrics", async () => {
    const answer = await scrape(withToken, `Bearer ${token}`);
    assert.equal(answer.statusCode, 200);
    assert.match(String(answer.headers["content-type"]), /^text\/plain/);
    assert.match(answer.body, /^# TYPE varco_validate_total counter$/m);
  });

  test("no label tells users apart: the validate series are fixed, the reasons in one counter", async () => {
    const series = async () => {
      const text = (await scrape(withToken, `Bearer ${token}`)).body;
      return text.split("\n").filter((line) => line.startsWith("varco_validate"));
    };
    const names = (lines: string[]) => lines.map((line) => line.split(" ")[0]).sort();
    const before = await series();

    // Each kind of rejection once, and an accept.
    const key = (await createApiKey(t.ctx, testActor, t.tenant, { name: "vpn" })).key;
    const enrolled = await createEnrolledUser(t, "anna.bianchi@example.it");
    const blocked = await createEnrolledUser(t, "blocked.user@example.it");
    await setUserBlocked(t.ctx, testActor, blocked.user, { blocked: true, reason: "test" });
    const methodless = await createUser(t.ctx, testActor, t.tenant, {
      upn: "no.method@example.it",
    });
    const code = await oathtoolTotp(enrolled.secret, { timeMs: t.clock.now() });
    const calls = [
      { upn: "nobody@example.it", code: "123456" },
      { upn: blocked.user.upn, code: "123456" },
      { upn: methodless.upn, code: "123456" },
      { upn: enrolled.user.upn, code: code === "000000" ? "111111" : "000000" },
      { upn: enrolled.user.upn, code },
      { upn: enrolled.user.upn, code },
    ];
    for (const payload of calls) {
      const answer = await withToken.inject({
        method: "POST",
        url: "/api/v1/validate",
        headers: { authorization: `Bearer ${key}` },
        payload,
      });
      assert.equal(answer.statusCode, 200);
    }

    const after = await series();
    assert.deepEqual(names(after), names(before), "the same series before and after the calls");
    const text = (await scrape(withToken, `Bearer ${token}`)).body;
    for (const identifier of [enrolled.user.upn, enrolled.user.id, blocked.user.id, "nobody"]) {
      assert.ok(!text.includes(identifier), `${identifier} is in /metrics`);
    }
    // The result alone on the total; reasons only on the operators' counter of rejections.
    const labels = (line: string) => /\{([^}]*)\}/.exec(line)?.[1] ?? "";
    for (const line of after) {
      if (line.startsWith("varco_validate_total")) assert.match(labels(line), /^result="\w+"$/);
      else assert.match(line, /^varco_validate_rejections_total\{reason="[a-z_]+"\} \d+$/);
    }
    assert.ok(after.includes('varco_validate_total{result="accept"} 1'), after.join("\n"));
    assert.ok(after.includes('varco_validate_total{result="reject"} 5'), after.join("\n"));
  });
});
