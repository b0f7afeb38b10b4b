import assert from "node:assert/strict";
import { createSecretKey, type KeyObject, randomUUID } from "node:crypto";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { type JWTPayload, SignJWT } from "jose";
import { createApiClient } from "../../src/api-clients/create-api-client.ts";
import { verifyAccessToken } from "../../src/api-clients/verify-access-token.ts";
import { createKeyring } from "../../src/crypto/keyring.ts";
import { randomBytes } from "../../src/crypto/random.ts";
import { buildServer } from "../../src/http/build-server.ts";
import { requestToken } from "../admin/admin-client.ts";
import { databaseKinds } from "../support/databases.ts";
import { openTestApp, type TestApp, testActor } from "../support/test-app.ts";

/**
 * The admin API's access tokens (RFC 7519, HS256 under a key derived from the master key): only a
 * token Varco signed, unchanged, unexpired, with the one algorithm it uses and the key its `kid`
 * names, opens the API. Everything else is 401 `unauthorized`, whatever was wrong with it.
 */

const decode = (part: string | undefined) =>
  JSON.parse(Buffer.from(part ?? "", "base64url").toString("utf8")) as Record<string, unknown>;
const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");

for (const kind of databaseKinds) {
  describe(`access tokens on ${kind}`, () => {
    let t: TestApp;
    let server: FastifyInstance;
    let clientId: string;
    let clientSecret: string;
    let start: number;
    before(async () => {
      t = await openTestApp(kind);
      server = await buildServer(t.ctx, { logLevel: "silent" });
      ({ clientId, clientSecret } = await createApiClient(t.ctx, testActor, t.tenant, {
        name: "script",
        roles: ["securityReader"],
      }));
      start = t.clock.now();
    });
    after(async () => {
      await server.close();
      await t.close();
    });

    const issue = async (on: FastifyInstance = server) => {
      const granted = await requestToken(on, clientId, clientSecret);
      assert.equal(granted.status, 200);
      return granted.json().access_token as string;
    };
    const call = (token: string, on: FastifyInstance = server) =>
      on.inject({
        method: "GET",
        url: "/api/v1/users",
        headers: { authorization: `Bearer ${token}` },
      });
    const assertAccepted = async (token: string, on?: FastifyInstance) => {
      const response = await call(token, on);
      assert.equal(response.statusCode, 200, response.body);
    };
    const assertRefused = async (token: string, why: string, on?: FastifyInstance) => {
      const response = await call(token, on);
      assert.deepEqual(
        [response.statusCode, response.json().error?.code],
        [401, "unauthorized"],
        why,
      );
    };

    /** The claims a Varco token carries now, for tokens the test signs itself. */
    const claims = (overrides: JWTPayload = {}): JWTPayload => {
      const iat = Math.floor(t.clock.now() / 1000);
      return {
        iss: "varco",
        sub: clientId,
        tid: t.tenant.id,
        roles: ["securityReader"],
        iat,
        exp: iat + 3600,
        jti: randomUUID(),
        ...overrides,
      };
    };
    const sign = (
      key: KeyObject,
      header: { alg: string; kid?: string; typ?: string },
      payload: JWTPayload = claims(),
    ) => new SignJWT(payload).setProtectedHeader(header).sign(key);
    const kid = () => t.ctx.keyring.current.id;
    const tokenKey = () => t.ctx.keyring.current.accessTokenKey;

    test("a token from the token endpoint: HS256, kid, issuer, tenant, jti, one hour; it verifies", async () => {
      t.clock.set(start);
      const token = await issue();
      const [head, body] = token.split(".");
      assert.deepEqual(decode(head), { alg: "HS256", typ: "JWT", kid: kid() });
      const payload = decode(body);
      const iat = Math.floor(start / 1000);
      assert.deepEqual(
        { ...payload, jti: typeof payload.jti },
        {
          iss: "varco",
          sub: clientId,
          tid: t.tenant.id,
          roles: ["securityReader"],
          iat,
          exp: iat + 3600,
          jti: "string",
        },
      );
      assert.match(payload.jti as string, /^[0-9a-f-]{36}$/);
      assert.notEqual(decode((await issue()).split(".")[1]).jti, payload.jti, "a new jti each");
      assert.deepEqual(await verifyAccessToken(t.ctx, token), {
        clientId,
        tenantId: t.tenant.id,
        jti: payload.jti,
        expiresAt: (iat + 3600) * 1000,
      });
      await assertAccepted(token);
      // The same claims signed by the test under the same key pass too: the forgeries below
      // fail for what is changed in them, not for how the test signs.
      await assertAccepted(await sign(tokenKey(), { alg: "HS256", typ: "JWT", kid: kid() }));
    });

    test("forged: signed under another key, the master key itself, or the keyed-hash key", async () => {
      t.clock.set(start);
      const header = { alg: "HS256", typ: "JWT", kid: kid() };
      const current = t.ctx.keyring.current;
      for (const [key, why] of [
        [createSecretKey(randomBytes(32)), "a key that is not Varco's"],
        [createSecretKey(current.key), "the master key, not its access-token key"],
        [current.hashKey, "the keyed-hash key: a hash never passes for a token signature"],
      ] as const) {
        await assertRefused(await sign(key, header), why);
      }
    });

    test("altered: a claim, the header or the signature changed after signing", async () => {
      t.clock.set(start);
      const token = await issue();
      const [head = "", body = "", signature = ""] = token.split(".");
      const payload = decode(body);
      const altered: [string, string][] = [
        [`${head}.${encode({ ...payload, roles: ["globalAdministrator"] })}.${signature}`, "roles"],
        [
          `${head}.${encode({ ...payload, exp: (payload.exp as number) + 86400 })}.${signature}`,
          "exp",
        ],
        [`${head}.${encode({ ...payload, sub: randomUUID() })}.${signature}`, "sub"],
        [`${head}.${encode({ ...decode(head), typ: "at+jwt" })}.${signature}`, "header"],
        // The first character carries six bits of the signature: changing it always changes it
        // (the last one's low bits are padding, and "AA" may already be there).
        [
          `${head}.${body}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`,
          "signature",
        ],
        [`${head}.${body}.`, "no signature"],
        [`${head}.${body}`, "two parts"],
        [`${token}.${signature}`, "four parts"],
        ["not-a-token", "one part"],
        ["", "empty"],
      ];
      for (const [forged, why] of altered) await assertRefused(forged, why);
      await assertAccepted(token);
    });

    test("expired: refused from its exp on, by the server's clock", async () => {
      t.clock.set(start);
      const token = await issue();
      t.clock.set(start + 3599_000);
      await assertAccepted(token);
      t.clock.set(start + 3600_000);
      await assertRefused(token, "at exp");
      t.clock.set(start + 86400_000);
      await assertRefused(token, "a day later");
      t.clock.set(start);
      const header = { alg: "HS256", typ: "JWT", kid: kid() };
      const iat = Math.floor(start / 1000);
      await assertRefused(
        await sign(tokenKey(), header, claims({ iat: iat - 7200, exp: iat - 3600 })),
        "signed already expired",
      );
      await assertRefused(
        await sign(tokenKey(), header, claims({ nbf: iat + 600 })),
        "not valid before a time to come",
      );
    });

    test("wrong algorithm or none: only HS256 is accepted, even under the right key", async () => {
      t.clock.set(start);
      for (const alg of ["HS384", "HS512"]) {
        await assertRefused(await sign(tokenKey(), { alg, typ: "JWT", kid: kid() }), alg);
      }
      const token = await issue();
      const [, body, signature] = token.split(".");
      for (const alg of ["none", "None", "NONE", "RS256", "ES256", ""]) {
        const head = encode({ alg, typ: "JWT", kid: kid() });
        await assertRefused(`${head}.${body}.`, `alg ${alg} without a signature`);
        await assertRefused(`${head}.${body}.${signature}`, `alg ${alg} with a signature`);
      }
      const noAlg = encode({ typ: "JWT", kid: kid() });
      await assertRefused(`${noAlg}.${body}.${signature}`, "no alg");
    });

    test("wrong kid: unknown, missing, or naming a key that did not sign", async () => {
      t.clock.set(start);
      for (const [header, why] of [
        [{ alg: "HS256", typ: "JWT", kid: "00000000" }, "a key id no key has"],
        [{ alg: "HS256", typ: "JWT" }, "no kid"],
        [{ alg: "HS256", typ: "JWT", kid: "" }, "an empty kid"],
      ] as const) {
        await assertRefused(await sign(tokenKey(), header), why);
      }
      const numericKid = `${encode({ alg: "HS256", typ: "JWT", kid: 1 })}`;
      const [, body, signature] = (await issue()).split(".");
      await assertRefused(`${numericKid}.${body}.${signature}`, "a kid that is no string");
    });

    test("the claims Varco requires: issuer, typ, subject, tenant, expiry, jti", async () => {
      t.clock.set(start);
      const header = { alg: "HS256", typ: "JWT", kid: kid() };
      const cases: [JWTPayload, string][] = [
        [claims({ iss: "someone-else" }), "another issuer"],
        [claims({ iss: undefined }), "no issuer"],
        [claims({ sub: undefined }), "no subject"],
        [claims({ tid: undefined }), "no tenant"],
        [claims({ tid: randomUUID() }), "another tenant than the client's"],
        [claims({ exp: undefined }), "no expiry"],
        [claims({ jti: undefined }), "no jti"],
        [claims({ sub: randomUUID() }), "a client that does not exist"],
      ];
      for (const [payload, why] of cases) {
        await assertRefused(await sign(tokenKey(), header, payload), why);
      }
      await assertRefused(
        await sign(tokenKey(), { alg: "HS256", kid: kid() }),
        "no typ in the header",
      );
      await assertRefused(
        await sign(tokenKey(), { alg: "HS256", typ: "at+jwt", kid: kid() }),
        "another typ",
      );
    });

    test("a token over the size limit is refused before any work, signed or not", async () => {
      t.clock.set(start);
      const header = { alg: "HS256", typ: "JWT", kid: kid() };
      const big = await sign(tokenKey(), header, claims({ padding: "x".repeat(2000) }));
      assert.ok(big.length > 2048);
      await assertRefused(big, "a well-signed token of more than 2048 characters");
      assert.equal(await verifyAccessToken(t.ctx, big), undefined);
      await assertRefused(`${"a".repeat(60_000)}.b.c`, "a very long header");
    });

    test("master-key rotation: tokens of the previous key work while it is kept, not after", async () => {
      t.clock.set(start);
      const before = await issue();
      const previous = t.ctx.keyring.current;
      const newKey = randomBytes(32);
      const rotated = await buildServer(
        { ...t.ctx, keyring: createKeyring(newKey, [previous.key]) },
        { logLevel: "silent" },
      );
      const retired = await buildServer(
        { ...t.ctx, keyring: createKeyring(newKey) },
        { logLevel: "silent" },
      );
      try {
        await assertAccepted(before, rotated);
        const after = await issue(rotated);
        const afterKid = decode(after.split(".")[0]).kid;
        assert.notEqual(afterKid, previous.id, "new tokens are signed under the new key");
        await assertAccepted(after, rotated);
        // An instance still on the old key alone does not know the new one.
        await assertRefused(after, "a kid the instance does not have", server);
        // The old key's token, its kid changed to the new key: the signature no longer fits.
        const [head = "", body, signature] = before.split(".");
        const relabelled = `${encode({ ...decode(head), kid: afterKid })}.${body}.${signature}`;
        await assertRefused(relabelled, "a kid naming a key that did not sign", rotated);
        await assertRefused(before, "the previous key dropped", retired);
        await assertAccepted(after, retired);
      } finally {
        await rotated.close();
        await retired.close();
      }
    });
  });
}
