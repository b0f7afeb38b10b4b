import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createTenant } from "../../src/directory/create-tenant.ts";
import type { Tenant } from "../../src/directory/types.ts";
import { createScimToken } from "../../src/scim/tokens/create-scim-token.ts";
import { buildTestServer, openTestApp, type TestApp, testActor } from "../support/test-app.ts";

/** A SCIM answer, parsed. */
export type ScimAnswer = {
  readonly status: number;
  readonly body: Record<string, unknown> & { Resources?: Record<string, unknown>[] };
  readonly headers: Record<string, unknown>;
};

export type ScimHarness = {
  readonly t: TestApp;
  readonly server: FastifyInstance;
  /** A tenant of its own, `school`, and a live SCIM token of it. */
  readonly tenant: Tenant;
  readonly token: string;
  scim(method: string, url: string, body?: unknown, token?: string | null): Promise<ScimAnswer>;
  close(): Promise<void>;
};

/** A Varco app on `kind`, its server, the tenant `school` and a SCIM token of it. */
export async function openScimHarness(kind: "sqlite" | "postgres"): Promise<ScimHarness> {
  const t = await openTestApp(kind);
  const server = await buildTestServer(t.ctx, { publicUrl: "https://varco.example.it" });
  const tenant = await createTenant(t.ctx, testActor, { name: "school" });
  const { token } = await createScimToken(t.ctx, testActor, tenant, { name: "entra" });
  const scim = async (
    method: string,
    url: string,
    body?: unknown,
    bearer: string | null = token,
  ): Promise<ScimAnswer> => {
    const response = await server.inject({
      method: method as "GET",
      url: `/scim/v2${url}`,
      headers: {
        ...(bearer === null ? {} : { authorization: `Bearer ${bearer}` }),
        ...(body === undefined ? {} : { "content-type": "application/scim+json" }),
      },
      ...(body === undefined
        ? {}
        : { payload: typeof body === "string" ? body : JSON.stringify(body) }),
    });
    assert.ok(
      response.statusCode < 500,
      `${method} ${url}: ${response.statusCode} ${response.body}`,
    );
    if (response.body !== "") {
      assert.match(String(response.headers["content-type"]), /^application\/scim\+json/);
    }
    return {
      status: response.statusCode,
      body: response.body === "" ? {} : JSON.parse(response.body),
      headers: response.headers,
    };
  };
  return {
    t,
    server,
    tenant,
    token,
    scim,
    async close() {
      await server.close();
      await t.close();
    },
  };
}

/** Asserts a SCIM error (RFC 7644 section 3.12) with this status, scimType and Varco code. */
export function assertScimError(
  answer: ScimAnswer,
  status: number,
  scimType: string | undefined,
  code: string,
): void {
  assert.equal(answer.status, status, JSON.stringify(answer.body));
  assert.deepEqual(answer.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:Error"]);
  assert.equal(answer.body.status, String(status));
  assert.equal(answer.body.scimType, scimType);
  assert.match(String(answer.body.detail), new RegExp(`^${code}: `));
}

export const userSchema = "urn:ietf:params:scim:schemas:core:2.0:User";
export const enterpriseSchema = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const groupSchema = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const patchOp = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
export const listResponse = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
