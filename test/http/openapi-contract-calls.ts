import assert from "node:assert/strict";
import type { FastifyInstance } from "fastify";
import { createUser } from "../../src/directory/create-user.ts";
import { assignRole } from "../../src/roles/assign-role.ts";
import type { Role } from "../../src/roles/roles.ts";
import { insertPhoneMessage } from "../../src/store/queries/phone-messages.ts";
import { oathtoolTotp } from "../support/oathtool.ts";
import type { openApiChecker } from "../support/openapi-checker.ts";
import { reportFraud, signInWithPassword } from "../support/sign-in-events.ts";
import { createSignInUser, testPassword } from "../support/sign-in-user.ts";
import { storePasskey } from "../support/stored-passkey.ts";
import { type TestApp, testActor } from "../support/test-app.ts";

type Call = {
  params?: Record<string, string>;
  query?: string;
  token?: string;
  json?: unknown;
  body?: { type: string; payload: string };
};

const helpdeskTemplate = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
const passwordMethodId = "28c10230-6103-485e-b985-444c60001490";
const totpKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** The metrics token of the server these calls drive. */
export const contractMetricsToken = "contract-metrics-token-0123456789abcdef";

/**
 * Calls every operation of the admin API, the validate API and the operations endpoints, the
 * happy path and its main errors, each answer checked against the served document.
 */
export async function driveAdminApi(input: {
  t: TestApp;
  server: FastifyInstance;
  checker: ReturnType<typeof openApiChecker>;
  tokenFor: (
    roles: readonly Role[],
  ) => Promise<{ clientId: string; clientSecret: string; token: string }>;
  apiKey: string;
}): Promise<void> {
  const { t, server, checker, tokenFor, apiKey } = input;
  const send = async (key: string, call: Call, expected: number) => {
    const [method = "", template = ""] = key.split(" ");
    const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
      encodeURIComponent(call.params?.[name] ?? ""),
    );
    const response = await server.inject({
      method: method as "GET" | "POST" | "PATCH" | "DELETE",
      url: call.query ? `${path}?${call.query}` : path,
      headers: {
        ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
        ...(call.body ? { "content-type": call.body.type } : {}),
      },
      ...(call.body
        ? { payload: call.body.payload }
        : call.json !== undefined
          ? { payload: JSON.stringify(call.json), headers: jsonHeaders(call.token) }
          : {}),
    });
    checker.check(key, response);
    assert.equal(response.statusCode, expected, `${key}: ${response.body}`);
    return response;
  };

  // The token endpoint and the validate API.
  const global = await tokenFor(["globalAdministrator"]);
  const reader = (await tokenFor(["securityReader"])).token;
  const helpdesk = (await tokenFor(["helpdeskAdministrator"])).token;
  const policyAdmin = (await tokenFor(["authenticationPolicyAdministrator"])).token;
  const admin = global.token;
  const token = "POST /api/v1/oauth2/token";
  const form = (fields: Record<string, string>) => ({
    body: {
      type: "application/x-www-form-urlencoded",
      payload: new URLSearchParams(fields).toString(),
    },
  });
  const credentials = { client_id: global.clientId, client_secret: global.clientSecret };
  await send(
    token,
    form({ grant_type: "client_credentials", ...credentials, client_secret: "x" }),
    401,
  );
  await send(token, form({ grant_type: "password", ...credentials }), 400);
  await send(token, form(credentials), 400);
  await send(token, { body: { type: "application/xml", payload: "<grant/>" } }, 415);

  const validate = "POST /api/v1/validate";
  const person = await createSignInUser(t, "contract.person@example.it");
  await send(validate, { json: { upn: person.upn, code: "000000" } }, 401);
  const withKey = (json: unknown) => ({ token: apiKey, json });
  const rejected = await send(validate, withKey({ upn: person.upn, code: "000000" }), 200);
  assert.equal(rejected.json().result, "reject");
  const code = await oathtoolTotp(person.secret, { timeMs: t.clock.now() });
  assert.equal(
    (await send(validate, withKey({ upn: person.upn, code }), 200)).json().result,
    "accept",
  );
  // Challenge mode: a call without a code answers a transaction id, whatever happened.
  const challenge = await send(validate, withKey({ upn: person.upn }), 200);
  assert.equal(challenge.json().result, "challenge");
  await send(validate, withKey({ upn: person.upn, transactionId: "t", channel: "sms" }), 400);
  await send(validate, withKey({ upn: "x".repeat(70_000), code: "1" }), 413);
  await send(
    validate,
    { token: apiKey, body: { type: "application/xml", payload: "<code/>" } },
    415,
  );

  // Users.
  const holder = await createUser(t.ctx, testActor, t.tenant, {
    upn: "contract.holder@example.it",
    password: testPassword,
  });
  const other = await createUser(t.ctx, testActor, t.tenant, { upn: "contract.other@example.it" });
  const users = "GET /api/v1/users";
  const page = await send(users, { token: reader, query: "$top=1" }, 200);
  assert.ok(page.json()["@odata.nextLink"], "a next link");
  await send(users, { token: reader, query: "$top=0" }, 400);
  await send(users, {}, 401);
  const user = "/api/v1/users/{id}";
  const id = { id: person.user.id };
  await send(`GET ${user}`, { token: reader, params: { id: person.upn } }, 200);
  await send(`GET ${user}`, { token: reader, params: { id: "nobody@example.it" } }, 404);
  const block = { accountEnabled: false, reason: "contract" };
  await send(`PATCH ${user}`, { token: reader, params: id, json: block }, 403);
  await send(`PATCH ${user}`, { token: admin, params: id, json: block }, 200);
  await send(`PATCH ${user}`, { token: admin, params: id, json: block }, 400);
  await send(`PATCH ${user}`, { token: admin, params: { id: "nobody" }, json: block }, 404);
  await send(
    `PATCH ${user}`,
    { token: admin, params: id, json: { ...block, accountEnabled: true } },
    200,
  );
  const profile = { displayName: "Contract Person", mobilePhone: "+39 333 1234567" };
  await send(`PATCH ${user}`, { token: admin, params: id, json: profile }, 200);
  await send(
    `PATCH ${user}`,
    { token: admin, params: id, json: { mobilePhone: "333 1234567" } },
    400,
  );
  const create = "POST /api/v1/users";
  const newcomer = {
    userPrincipalName: "contract.new@example.it",
    displayName: "Contract Newcomer",
    accountEnabled: true,
    passwordProfile: { password: "a long new password 42", forceChangePasswordNextSignIn: true },
    mail: "contract.new@example.it",
    mobilePhone: "+39 333 7654321",
    department: "Contracts",
  };
  const created = await send(create, { token: admin, json: newcomer }, 201);
  await send(create, { token: admin, json: newcomer }, 409);
  await send(create, { token: reader, json: newcomer }, 403);
  await send(create, { token: admin, json: { ...newcomer, mail: "not an address" } }, 400);
  await send(`DELETE ${user}`, { token: reader, params: { id: created.json().id } }, 403);
  await send(`DELETE ${user}`, { token: admin, params: { id: created.json().id } }, 204);
  await send(`DELETE ${user}`, { token: admin, params: { id: created.json().id } }, 404);
  const revoke = `POST ${user}/revokeSignInSessions`;
  await send(revoke, { token: admin, params: id }, 200);
  await send(revoke, { token: reader, params: id }, 403);
  const reset = `POST ${user}/authentication/passwordMethods/{methodId}/resetPassword`;
  const password = { newPassword: "another long password 42" };
  await send(
    reset,
    { token: admin, params: { ...id, methodId: passwordMethodId }, json: password },
    202,
  );
  await send(reset, { token: admin, params: { ...id, methodId: "other" }, json: password }, 404);
  await send(
    reset,
    { token: admin, params: { ...id, methodId: passwordMethodId }, json: { newPassword: "x" } },
    400,
  );

  // Methods and Temporary Access Passes.
  const methods = `${user}/authentication`;
  const listed = await send(`GET ${methods}/methods`, { token: admin, params: id }, 200);
  assert.equal(listed.json().value.length, 1);
  await send(`GET ${methods}/methods`, { token: reader, params: id }, 403);
  await send(`GET ${methods}/methods`, { token: admin, params: { id: "nobody" } }, 404);
  await send(`GET ${methods}/softwareOathMethods`, { token: admin, params: id }, 200);
  await send(`GET ${methods}/softwareOathMethods`, { token: reader, params: id }, 403);
  const app = { ...id, methodId: person.methodId };
  await send(
    `DELETE ${methods}/softwareOathMethods/{methodId}`,
    { token: admin, params: app },
    204,
  );
  await send(
    `DELETE ${methods}/softwareOathMethods/{methodId}`,
    { token: admin, params: app },
    404,
  );
  const phones = `${methods}/phoneMethods`;
  const mobile = { ...id, phoneMethodId: "3179e48a-750b-4051-897c-87b9720928f7" };
  const phone = { phoneNumber: "+39 333 123 4567", phoneType: "mobile" };
  await send(`POST ${phones}`, { token: reader, params: id, json: phone }, 403);
  const added = await send(`POST ${phones}`, { token: admin, params: id, json: phone }, 201);
  assert.equal(added.json().phoneNumber, "+39 3331234567");
  await send(`POST ${phones}`, { token: admin, params: id, json: phone }, 409);
  const bad = { ...phone, phoneType: "office", phoneNumber: "+39 123" };
  await send(`POST ${phones}`, { token: admin, params: id, json: bad }, 400);
  await send(`GET ${phones}`, { token: admin, params: id }, 200);
  await send(`GET ${phones}`, { token: reader, params: id }, 403);
  await send(`GET ${phones}/{phoneMethodId}`, { token: admin, params: mobile }, 200);
  const changed = { phoneNumber: "+39 347 765 4321" };
  await send(
    `PATCH ${phones}/{phoneMethodId}`,
    { token: admin, params: mobile, json: changed },
    204,
  );
  await send(
    `PATCH ${phones}/{phoneMethodId}`,
    { token: reader, params: mobile, json: changed },
    403,
  );
  const preferences = `${methods}/signInPreferences`;
  const voiceMobile = { userPreferredMethodForSecondaryAuthentication: "voiceMobile" };
  await send(`PATCH ${preferences}`, { token: admin, params: id, json: voiceMobile }, 200);
  await send(`PATCH ${preferences}`, { token: reader, params: id, json: voiceMobile }, 403);
  const office = { userPreferredMethodForSecondaryAuthentication: "voiceOffice" };
  await send(`PATCH ${preferences}`, { token: admin, params: id, json: office }, 404);
  const push = { userPreferredMethodForSecondaryAuthentication: "push" };
  await send(`PATCH ${preferences}`, { token: admin, params: id, json: push }, 400);
  const read = await send(`GET ${preferences}`, { token: admin, params: id }, 200);
  assert.equal(read.json().userPreferredMethodForSecondaryAuthentication, "voiceMobile");
  await send(`GET ${preferences}`, { token: reader, params: id }, 403);
  await send(`DELETE ${phones}/{phoneMethodId}`, { token: admin, params: mobile }, 204);
  await send(`DELETE ${phones}/{phoneMethodId}`, { token: admin, params: mobile }, 404);
  await send(`GET ${phones}/{phoneMethodId}`, { token: admin, params: mobile }, 404);
  const fido2Methods = `${methods}/fido2Methods`;
  const stored = await storePasskey(t, person.user, { cloned_at: t.ctx.now() });
  const key = { ...id, fido2MethodId: stored.id };
  await send(`GET ${fido2Methods}`, { token: admin, params: id }, 200);
  await send(`GET ${fido2Methods}`, { token: reader, params: id }, 403);
  await send(`GET ${fido2Methods}/{fido2MethodId}`, { token: admin, params: key }, 200);
  await send(`GET ${fido2Methods}/{fido2MethodId}`, { token: reader, params: key }, 403);
  await send(`DELETE ${fido2Methods}/{fido2MethodId}`, { token: reader, params: key }, 403);
  await send(`DELETE ${fido2Methods}/{fido2MethodId}`, { token: admin, params: key }, 204);
  await send(`DELETE ${fido2Methods}/{fido2MethodId}`, { token: admin, params: key }, 404);
  await send(`GET ${fido2Methods}/{fido2MethodId}`, { token: admin, params: key }, 404);
  const emailMethods = `${methods}/emailMethods`;
  const email = { ...id, emailMethodId: "3ddfcfc8-9383-446f-83cc-3ab9be4be18f" };
  const address = { emailAddress: "privata@posta.example.org" };
  await send(`POST ${emailMethods}`, { token: reader, params: id, json: address }, 403);
  await send(`POST ${emailMethods}`, { token: admin, params: id, json: address }, 201);
  await send(`POST ${emailMethods}`, { token: admin, params: id, json: address }, 409);
  await send(`GET ${emailMethods}`, { token: admin, params: id }, 200);
  await send(`GET ${emailMethods}`, { token: reader, params: id }, 403);
  await send(`GET ${emailMethods}/{emailMethodId}`, { token: admin, params: email }, 200);
  await send(`GET ${emailMethods}/{emailMethodId}`, { token: reader, params: email }, 403);
  const newAddress = { emailAddress: "nuova@posta.example.org" };
  await send(
    `PATCH ${emailMethods}/{emailMethodId}`,
    { token: admin, params: email, json: newAddress },
    204,
  );
  const badAddress = { emailAddress: "nuova@posta" };
  await send(
    `PATCH ${emailMethods}/{emailMethodId}`,
    { token: admin, params: email, json: badAddress },
    400,
  );
  await send(`DELETE ${emailMethods}/{emailMethodId}`, { token: reader, params: email }, 403);
  await send(`DELETE ${emailMethods}/{emailMethodId}`, { token: admin, params: email }, 204);
  await send(`DELETE ${emailMethods}/{emailMethodId}`, { token: admin, params: email }, 404);
  const passes = `${methods}/temporaryAccessPassMethods`;
  await send(`GET ${passes}`, { token: helpdesk, params: id }, 200);
  await send(`GET ${passes}`, { token: helpdesk, params: { id: "nobody" } }, 404);
  const issued = await send(
    `POST ${passes}`,
    { token: helpdesk, params: id, json: { isUsableOnce: true } },
    201,
  );
  await send(`POST ${passes}`, { token: helpdesk, params: id, json: {} }, 409);
  await send(`POST ${passes}`, { token: helpdesk, params: id, json: { madeUp: 1 } }, 400);
  assert.equal(
    (await send(`GET ${passes}`, { token: helpdesk, params: id }, 200)).json().value.length,
    1,
  );
  const pass = { ...id, methodId: issued.json().id as string };
  await send(`DELETE ${passes}/{methodId}`, { token: helpdesk, params: pass }, 204);
  await send(`DELETE ${passes}/{methodId}`, { token: helpdesk, params: pass }, 404);
  const reregister = `POST ${methods}/requireReregistration`;
  await send(reregister, { token: helpdesk, params: id, json: { removeMethods: false } }, 200);
  await send(reregister, { token: helpdesk, params: id, json: { removeMethods: "yes" } }, 400);

  // Policy and logs.
  const policy = "/api/v1/policies/authenticationMethodsPolicy";
  await send(`GET ${policy}`, { token: reader }, 200);
  await send(`GET ${policy}`, { token: helpdesk }, 403);
  await send(`PATCH ${policy}`, { token: policyAdmin, json: { rememberDeviceDays: 14 } }, 200);
  const refused = await send(
    `PATCH ${policy}`,
    { token: policyAdmin, json: { lockoutThreshold: "10" } },
    400,
  );
  assert.deepEqual(refused.json().error, {
    code: "invalid_policy",
    message: "The policy setting is not valid.",
    detail: "lockoutThreshold must be an integer from 1 to 100",
  });
  await send(`PATCH ${policy}`, { token: reader, json: { rememberDeviceDays: 1 } }, 403);
  await send("GET /api/v1/auditLogs/signIns", { token: reader, query: "$top=2" }, 200);
  await send(
    "GET /api/v1/auditLogs/signIns",
    { token: reader, query: "$filter=password eq 'x'" },
    400,
  );
  await send("GET /api/v1/auditLogs/directoryAudits", { token: reader }, 200);
  await send("GET /api/v1/auditLogs/directoryAudits", { token: policyAdmin }, 403);

  // Hardware tokens.
  const devices = "/api/v1/directory/authenticationMethodDevices/hardwareOathDevices";
  const csv = [
    "upn,serial number,secret key,time interval,manufacturer,model",
    `,CONTRACT-1,${totpKey},30,Contoso,K`,
    `ghost@example.it,CONTRACT-2,${totpKey},30,Contoso,K`,
  ].join("\n");
  const uploaded = await send(
    `POST ${devices}/import`,
    { token: admin, body: { type: "text/csv", payload: csv } },
    200,
  );
  assert.deepEqual([uploaded.json().imported, uploaded.json().failed], [1, 1]);
  await send(`POST ${devices}/import`, { token: admin, json: {} }, 400);
  await send(
    `POST ${devices}/import`,
    { token: reader, body: { type: "text/csv", payload: csv } },
    403,
  );
  // Bulk create and bulk delete of users, from Entra's CSV templates.
  const bulkCreate = [
    "version:v1.0",
    "Name [displayName] Required,User name [userPrincipalName] Required,Initial password [passwordProfile] Required,Block sign in (Yes/No) [accountEnabled] Required",
    "Bulk Contract,bulk.contract@example.it,violet kettle harbour 92,No",
  ].join("\n");
  const bulkCreated = await send(
    "POST /api/v1/users/import",
    { token: admin, body: { type: "text/csv", payload: bulkCreate } },
    200,
  );
  assert.equal(bulkCreated.json().created, 1);
  await send(
    "POST /api/v1/users/import",
    { token: reader, body: { type: "text/csv", payload: bulkCreate } },
    403,
  );
  const bulkDelete =
    "version:v1.0\nUser name [userPrincipalName] Required\nbulk.contract@example.it\n";
  await send(
    "POST /api/v1/users/bulkDelete",
    { token: reader, body: { type: "text/csv", payload: bulkDelete } },
    403,
  );
  const bulkDeleted = await send(
    "POST /api/v1/users/bulkDelete",
    { token: admin, body: { type: "text/csv", payload: bulkDelete } },
    200,
  );
  assert.equal(bulkDeleted.json().deleted, 1);
  const inventory = await send(
    `GET ${devices}`,
    { token: reader, query: "$filter=serialNumber eq 'CONTRACT-1'" },
    200,
  );
  await send(`GET ${devices}`, { token: reader, query: "$filter=secret eq 'x'" }, 400);
  const device = { id: inventory.json().value[0].id as string };
  await send(`GET ${devices}/{id}`, { token: reader, params: device }, 200);
  await send(`GET ${devices}/{id}`, { token: reader, params: { id: "none" } }, 404);
  const hardware = `${user}/authentication/hardwareOathMethods`;
  await send(
    `POST ${hardware}`,
    { token: admin, params: { id: holder.id }, json: { device } },
    201,
  );
  await send(`POST ${hardware}`, { token: admin, params: { id: other.id }, json: { device } }, 409);
  await send(
    `POST ${hardware}`,
    { token: admin, params: { id: other.id }, json: { device: { id: "none" } } },
    404,
  );
  const held = { id: holder.id, methodId: device.id };
  const wrong = { verificationCode: "000000" };
  await send(
    `POST ${hardware}/{methodId}/activate`,
    { token: admin, params: held, json: wrong },
    400,
  );
  const shown = { verificationCode: await oathtoolTotp(totpKey, { timeMs: t.clock.now() }) };
  await send(
    `POST ${hardware}/{methodId}/activate`,
    { token: admin, params: held, json: shown },
    204,
  );
  await send(
    `POST ${hardware}/{methodId}/activate`,
    { token: admin, params: held, json: shown },
    409,
  );
  await send(`DELETE ${hardware}/{methodId}`, { token: admin, params: held }, 204);
  await send(`DELETE ${hardware}/{methodId}`, { token: admin, params: held }, 404);

  // Risk.
  const risky = await createSignInUser(t, "contract.risky@example.it");
  const client = { ip: "192.0.2.7", userAgent: "contract" };
  const asked = await signInWithPassword(t.ctx, {
    tenant: t.tenant,
    upn: risky.upn,
    password: testPassword,
    rememberedDeviceToken: null,
    client,
  });
  assert.equal(asked.kind, "second_factor");
  if (asked.kind === "second_factor") {
    await reportFraud(t.ctx, { pendingToken: asked.pendingToken, client });
  }
  const protection = "/api/v1/identityProtection";
  assert.equal(
    (await send(`GET ${protection}/riskyUsers`, { token: reader }, 200)).json().value.length,
    1,
  );
  await send(`GET ${protection}/riskyUsers`, { token: helpdesk }, 403);
  await send(`GET ${protection}/riskDetections`, { token: reader }, 200);
  await send(`GET ${protection}/riskDetections`, { token: reader, query: "$top=x" }, 400);
  const userIds = (ids: string[]) => ({ token: admin, json: { userIds: ids } });
  await send(`POST ${protection}/riskyUsers/confirmCompromised`, userIds([risky.user.id]), 204);
  await send(`POST ${protection}/riskyUsers/confirmCompromised`, userIds([]), 400);
  await send(`POST ${protection}/riskyUsers/dismiss`, userIds(["nobody@example.it"]), 404);
  await send(`POST ${protection}/riskyUsers/dismiss`, userIds([risky.upn]), 204);

  // Lockouts.
  const locked = await createSignInUser(t, "contract.locked@example.it");
  for (let i = 0; i < 10; i++)
    await send(validate, withKey({ upn: locked.upn, code: "000000" }), 200);
  const lockouts = await send("GET /api/v1/lockedOutUsers", { token: helpdesk }, 200);
  assert.equal(lockouts.json().value.length, 1);
  await send("GET /api/v1/lockedOutUsers", {}, 401);
  const unlock = `POST ${user}/unlock`;
  await send(unlock, { token: reader, params: { id: locked.upn } }, 403);
  await send(unlock, { token: helpdesk, params: { id: locked.upn } }, 200);
  await send(unlock, { token: helpdesk, params: { id: locked.upn } }, 400);

  // Role assignments.
  const roles = "/api/v1/roleManagement/directory/roleAssignments";
  await send(`GET ${roles}`, { token: reader }, 200);
  await send(`GET ${roles}`, { token: reader, query: `$filter=principalId ne 'x'` }, 400);
  const assignment = { principalId: holder.id, roleDefinitionId: helpdeskTemplate };
  await send(`POST ${roles}`, { token: reader, json: assignment }, 403);
  const made = await send(`POST ${roles}`, { token: admin, json: assignment }, 201);
  await send(
    `POST ${roles}`,
    { token: admin, json: { ...assignment, roleDefinitionId: "nothing" } },
    400,
  );
  await send(`DELETE ${roles}/{id}`, { token: admin, params: { id: made.json().id } }, 204);
  await send(`DELETE ${roles}/{id}`, { token: admin, params: { id: "not-an-id" } }, 404);
  await assignRole(t.ctx, testActor, other, "globalAdministrator");
  const only = `${other.id}_62e90394-69f5-4237-9190-012177145e10`;
  await send(`DELETE ${roles}/{id}`, { token: admin, params: { id: only } }, 409);

  // Domains.
  await send("GET /api/v1/domains", { token: reader }, 200);
  await send("GET /api/v1/domains", {}, 401);
  await send("POST /api/v1/domains", { token: reader, json: { id: "contract.example" } }, 403);
  await send("POST /api/v1/domains", { token: admin, json: { id: "Contract.example" } }, 201);
  await send("POST /api/v1/domains", { token: admin, json: { id: "contract.example" } }, 409);
  await send("POST /api/v1/domains", { token: admin, json: { id: "not a domain" } }, 400);
  await send(
    "DELETE /api/v1/domains/{id}",
    { token: admin, params: { id: "contract.example" } },
    204,
  );
  await send(
    "DELETE /api/v1/domains/{id}",
    { token: admin, params: { id: "contract.example" } },
    404,
  );

  // Branding.
  const colour = (accentColour: string | null) => ({ accentColour });
  await send("GET /api/v1/branding", { token: reader }, 200);
  await send("GET /api/v1/branding", {}, 401);
  await send("PATCH /api/v1/branding", { token: reader, json: colour("#0b4f8a") }, 403);
  await send("PATCH /api/v1/branding", { token: admin, json: colour("#0b4f8a") }, 200);
  await send("PATCH /api/v1/branding", { token: admin, json: colour("#00aa55") }, 400);
  await send("PATCH /api/v1/branding", { token: admin, json: { logo: "PHN2Zz4=" } }, 400);
  await send("PATCH /api/v1/branding", { token: admin, json: colour(null) }, 200);

  // Phone settings.
  const template = {
    kind: "httpTemplate",
    url: "https://gw.example.com/send",
    method: "POST",
    contentType: "application/json",
    body: '{"to":"{{to}}","text":"{{text}}"}',
    headers: { Authorization: "Bearer contract" },
  };
  await send("GET /api/v1/phoneSettings", { token: reader }, 200);
  await send("GET /api/v1/phoneSettings", {}, 401);
  await send("PATCH /api/v1/phoneSettings", { token: reader, json: { codeLength: 8 } }, 403);
  await send("PATCH /api/v1/phoneSettings", { token: admin, json: { smsPrimary: template } }, 200);
  await send("PATCH /api/v1/phoneSettings", { token: admin, json: { fraudCode: "#" } }, 400);
  await send("GET /api/v1/phoneSettings", { token: admin }, 200);
  // Method configurations.
  const methodConfiguration = `GET ${policy}/authenticationMethodConfigurations/{id}`;
  const changeMethod = `PATCH ${policy}/authenticationMethodConfigurations/{id}`;
  await send(methodConfiguration, { token: reader, params: { id: "Fido2" } }, 200);
  await send(methodConfiguration, { token: reader, params: { id: "Telepathy" } }, 404);
  await send(methodConfiguration, { token: helpdesk, params: { id: "Fido2" } }, 403);
  const fido2 = { id: "Fido2" };
  await send(changeMethod, { token: policyAdmin, params: fido2, json: { state: "enabled" } }, 204);
  await send(changeMethod, { token: reader, params: fido2, json: { state: "disabled" } }, 403);
  await send(changeMethod, { token: policyAdmin, params: fido2, json: { state: "on" } }, 400);
  const keyRestrictions = { isEnforced: true, enforcementType: "allow", aaGuids: ["X"] };
  await send(changeMethod, { token: policyAdmin, params: fido2, json: { keyRestrictions } }, 400);
  // The SMS gateway set above lets Sms be enabled; calls still have no provider.
  await send(
    changeMethod,
    { token: policyAdmin, params: { id: "Voice" }, json: { state: "enabled" } },
    409,
  );
  // Text messages and calls: one recorded, as a delivery report left it.
  const texted = await createUser(t.ctx, testActor, t.tenant, { upn: "texted@example.it" });
  await insertPhoneMessage(t.ctx.store.db, {
    id: "contract-sms",
    tenant_id: t.tenant.id,
    user_id: texted.id,
    channel: "sms",
    purpose: "signIn",
    pending_sign_in_id: null,
    phone_type: "mobile",
    recipient_masked: "+39 ••• •••• 12",
    status: "delivered",
    via: "primary",
    gateway_message_id: "contract-1",
    detail: "stat:DELIVRD",
    code_hash: null,
    expires_at: null,
    attempts: 0,
    language: null,
    created_at: t.clock.now(),
    updated_at: t.clock.now(),
  });
  const phoneMessages = "GET /api/v1/reports/phoneMessages";
  const recorded = await send(
    phoneMessages,
    { token: reader, query: "$filter=channel eq 'sms'" },
    200,
  );
  assert.deepEqual(
    recorded.json().value.map((m: { id: string }) => m.id),
    ["contract-sms"],
  );
  await send(phoneMessages, { token: reader, query: "$filter=codeHash eq 'x'" }, 400);
  await send(phoneMessages, { token: policyAdmin }, 403);

  // Operations.
  await send("GET /healthz", {}, 200);
  await send("GET /readyz", {}, 200);
  await send("GET /metrics", {}, 401);
  await send("GET /metrics", { token: contractMetricsToken }, 200);
  await send("GET /api/v1/openapi.json", {}, 200);
}

const jsonHeaders = (token: string | undefined) => ({
  "content-type": "application/json",
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});
