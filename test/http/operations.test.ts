import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildTestServer, openTestApp, type TestApp } from "../support/test-app.ts";

const metricsToken = "operations-metrics-token-0123456789abcdef";

describe("operations endpoints", () => {
  let t: TestApp;
  let server: FastifyInstance;
  before(async () => {
    t = await openTestApp("sqlite");
    server = await buildTestServer(t.ctx, { metricsToken });
  });
  after(async () => {
    await server.close();
    await t.close();
  });

  test("/healthz and /readyz answer ok, with a request id", async () => {
    const health = await server.inject({ url: "/healthz" });
    assert.deepEqual([health.statusCode, health.json()], [200, { status: "ok" }]);
    assert.match(String(health.headers["x-request-id"]), /^[0-9a-f-]{36}$/);
    const ready = await server.inject({ url: "/readyz" });
    assert.deepEqual([ready.statusCode, ready.json()], [200, { status: "ok" }]);
  });

  test("/metrics is Prometheus text with request durations and validate results", async () => {
    await server.inject({ method: "POST", url: "/api/v1/validate", payload: {} });
    const metrics = await server.inject({
      url: "/metrics",
      headers: { authorization: `Bearer ${metricsToken}` },
    });
    assert.equal(metrics.statusCode, 200);
    assert.match(String(metrics.headers["content-type"]), /^text\/plain/);
    assert.match(
      metrics.body,
      /varco_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/,
    );
    assert.match(
      metrics.body,
      /varco_http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/validate",status="401"\} 1/,
    );
    assert.match(metrics.body, /# TYPE varco_validate_total counter/);
  });

  test("the OpenAPI document describes the validate API and its bearer key", async () => {
    const doc = (await server.inject({ url: "/api/v1/openapi.json" })).json();
    assert.equal(doc.openapi, "3.1.0");
    const validate = doc.paths["/api/v1/validate"].post;
    assert.deepEqual(validate.security, [{ apiKey: [] }]);
    // Without a code, the call is challenge mode's first (docs/phone.md).
    const body = validate.requestBody.content["application/json"].schema;
    assert.deepEqual(body.required, ["upn"]);
    assert.deepEqual(Object.keys(body.properties).sort(), [
      "channel",
      "code",
      "methodId",
      "transactionId",
      "upn",
    ]);
    assert.deepEqual(Object.keys(validate.responses).sort(), [
      "200",
      "400",
      "401",
      "413",
      "415",
      "500",
      "503",
    ]);
    assert.deepEqual(doc.components.securitySchemes.apiKey, { type: "http", scheme: "bearer" });
  });

  test("unknown routes get 404 not_found", async () => {
    const missing = await server.inject({ url: "/nothing-here" });
    assert.deepEqual([missing.statusCode, missing.json().error.code], [404, "not_found"]);
  });

  test("/readyz says 503 when the store does not answer", async () => {
    await t.ctx.store.close();
    const ready = await server.inject({ url: "/readyz" });
    assert.deepEqual([ready.statusCode, ready.json()], [503, { status: "unavailable" }]);
    const health = await server.inject({ url: "/healthz" });
    assert.equal(health.statusCode, 200, "alive all the same");
  });
});
