import assert from "node:assert/strict";
import { test } from "node:test";
import Fastify from "fastify";
import { Type } from "typebox";
import { checkResponses } from "../../src/http/contracts/check-responses.ts";
import { errorResponses } from "../../src/http/contracts/error-body.ts";
import { NoContent } from "../../src/http/contracts/no-content.ts";

const Thing = Type.Object({ id: Type.String(), count: Type.Integer() });

/** Routes that keep their contract, and routes that break it each in one way. */
async function server() {
  const app = Fastify({ logger: false });
  checkResponses(app, { except: (route) => route === "/excepted" });
  const schema = { response: { 200: Thing, ...errorResponses(404), 204: NoContent } };
  const answers: Record<string, unknown> = {
    "/kept": { id: "a", count: 1 },
    "/extra": { id: "a", count: 1, secret: "dropped by the serializer" },
    "/missing": { id: "a" },
    "/mistyped": { id: "a", count: "1" },
    "/excepted": { id: "a", count: 1, secret: "s" },
  };
  for (const [path, answer] of Object.entries(answers)) {
    app.get(path, { schema }, async () => answer);
  }
  // The contract's types would not let the handler answer 418 itself; an error can.
  app.get("/teapot", { schema }, async () => {
    throw Object.assign(new Error("teapot"), { statusCode: 418 });
  });
  app.get("/content", { schema }, async (_request, reply) => reply.code(204).send("body"));
  app.get("/text", { schema }, async (_request, reply) => reply.type("text/plain").send("hi"));
  app.get("/untyped", async () => ({ anything: true }));
  return app;
}

test("answers that keep their route's contract pass unchanged", async () => {
  const app = await server();
  const kept = await app.inject({ url: "/kept" });
  assert.deepEqual([kept.statusCode, kept.json()], [200, { id: "a", count: 1 }]);
  assert.equal((await app.inject({ url: "/untyped" })).statusCode, 200, "a route with no contract");
  assert.equal((await app.inject({ url: "/excepted" })).statusCode, 200, "a route left out");
  await app.close();
});

test("an answer that breaks its contract becomes a 500 saying how", async () => {
  const app = await server();
  const stderr = process.stderr.write;
  const written: string[] = [];
  process.stderr.write = (chunk: string | Uint8Array) => written.push(String(chunk)) > 0;
  try {
    for (const [path, problem] of [
      ["/extra", /^the answer breaks the contract of GET \/extra: 200 \/ has secret, which/],
      ["/missing", /200 \/ must have required property 'count'/],
      ["/mistyped", /200 \/count must be integer/],
      ["/teapot", /418 is not a status the route states/],
      ["/content", /204 states no body, and one was sent/],
      ["/text", /200 states JSON, and text\/plain was sent/],
    ] as const) {
      const answer = await app.inject({ url: path });
      assert.equal(answer.statusCode, 500, path);
      assert.equal(answer.json().error.code, "internal_error", path);
      assert.match(answer.json().error.detail, problem, path);
    }
  } finally {
    process.stderr.write = stderr;
  }
  assert.equal(written.length, 6, "each one said on standard error");
  await app.close();
});
