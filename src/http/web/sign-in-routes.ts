import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import type { Tenant } from "../../directory/types.ts";
import type { ContinuationEvent } from "../../sign-in/events/event.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import type { MethodChoice, SignInStep } from "../../sign-in/types.ts";
import { anyTenantDomain } from "../../store/queries/tenant-domains.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { canAddAccount } from "./account-menu.ts";
import { otherAccountsOf } from "./other-accounts.ts";
import {
  Checkbox,
  optionalText,
  pageForm,
  pageQuery,
  TenantField,
  text,
} from "./page-contracts.ts";
import { passkeySignInOffer } from "./passkey-sign-in-offer.ts";
import { pageCodeError } from "./phone-code-routes.ts";
import { respondToStep, stepPages } from "./respond-to-step.ts";
import { type TenantPage, tenantPageOf } from "./tenant-page.ts";
import {
  clientOf,
  namedTenantOf,
  readCookie,
  seeOther,
  sendPage,
  signedInOf,
  signInPathOf,
  tenantOf,
  type Web,
} from "./web-context.ts";

const SignInForm = pageForm({
  upn: text(256),
  password: optionalText(1024),
  tenant: TenantField,
});
const PassForm = pageForm({ upn: text(256), pass: text(64), tenant: TenantField });
const CodeForm = pageForm({ code: text(64), methodId: optionalText(64), remember: Checkbox });
const BackupCodeForm = pageForm({ code: text(64), remember: Checkbox });
const NewPasswordForm = pageForm({ newPassword: text(1024) });
const NoFields = pageForm({});
const TenantQuery = pageQuery({ tenant: TenantField, notice: optionalText(20) });
const SignInQuery = pageQuery({
  tenant: TenantField,
  add: optionalText(4),
  notice: optionalText(20),
  upn: optionalText(256),
});
const TenantParams = Type.Object({ tenant: text(63) });
const VerifyQuery = pageQuery({ method: optionalText(64), error: optionalText(40) });
const ErrorQuery = pageQuery({ error: optionalText(20) });
const ticked = (box: string | undefined) => box === "on" || box === "1";

type Waiting<K extends keyof typeof stepPages> = Extract<SignInStep, { kind: K }>;

/** Seed 000 and 004: user name and password, then the code of the OTP entry the user picks. */
export function registerSignInRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const pendingToken = (request: FastifyRequest) => readCookie(web, request, "varco_pending");

  /** Continues the pending sign-in with `event`, and shows the step that follows. */
  const continueWith = async (
    request: FastifyRequest,
    reply: FastifyReply,
    event: ContinuationEvent,
    retry?: string,
  ) => {
    const { step, tenant } = await signInMachine.advance(ctx, {
      event,
      client: clientOf(request),
      channel: "pages",
      pendingToken: pendingToken(request),
    });
    return respondToStep(web, request, reply, tenant, step, retry ? { retry } : {});
  };

  /** Shows a page of the step `kind` when the sign-in stands there, else the page it stands at. */
  const atStep = async <K extends keyof typeof stepPages>(
    request: FastifyRequest,
    reply: FastifyReply,
    kind: K,
    show: (step: Waiting<K>, tenant: Tenant, page: TenantPage) => FastifyReply,
  ): Promise<FastifyReply> => {
    const { step, tenant } = await signInMachine.current(
      ctx,
      pendingToken(request),
      clientOf(request),
    );
    // Past the first factor: the tenant is the user's own, and its branding shows.
    if (step.kind === kind && tenant)
      return show(step as Waiting<K>, tenant, await tenantPageOf(web, tenant));
    if (step.kind in stepPages)
      return seeOther(reply, stepPages[step.kind as keyof typeof stepPages]);
    return respondToStep(web, request, reply, tenant, step);
  };

  app.get("/", async (_request, reply) => seeOther(reply, "/security-info"));

  /**
   * The sign-in page. A tenant named (`/t/{tenant}/sign-in`, `?tenant=`): user name and
   * password in one form, as always. None named: home realm discovery, when any tenant has a
   * domain: the user name first, whose domain finds the tenant (discoverTenant), then the
   * password under that tenant's name. Without domains every user is the default tenant's, and
   * the page asks for both at once.
   */
  const showSignIn = async (
    request: FastifyRequest<{ Querystring: Static<typeof SignInQuery> }>,
    reply: FastifyReply,
  ) => {
    const named = namedTenantOf(request) !== undefined;
    const upn = request.query.upn?.trim() || undefined;
    const tenant = await tenantOf(web, request, named ? undefined : upn);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    // Signed in already: on to the account, unless the person signs in to another one (the
    // account picker's "Sign in with another account", a user name typed, another tenant's page).
    const who = await signedInOf(web, request);
    const another = request.query.add !== undefined || upn !== undefined;
    if (who && !another && (!named || who.tenant.id === tenant.id))
      return seeOther(reply, "/security-info");
    if (who && request.query.add !== undefined) {
      const others = await otherAccountsOf(web, request, reply, who);
      if (!canAddAccount(who, others)) return seeOther(reply, "/accounts?error=too_many_accounts");
    }
    const notice = {
      ...(request.query.notice === "signed_out" ? { error: "signed_out" as const } : {}),
      ...passkeySignInOffer(web),
    };
    if (!named && !upn && (await anyTenantDomain(ctx.store.db))) {
      return sendPage(web, request, reply, "sign-in", { discovery: "upn", ...notice });
    }
    const model = named
      ? { tenant: tenant.name, ...(upn ? { upn } : {}) }
      : upn
        ? { upn, discovery: "password" as const }
        : { tenant: tenant.name };
    // The tenant shows only where it was named, or is the only one: never for a UPN's domain.
    return sendPage(
      web,
      request,
      reply,
      "sign-in",
      { ...model, ...notice },
      named || !upn ? await tenantPageOf(web, tenant) : {},
    );
  };
  app.get("/sign-in", { schema: { querystring: SignInQuery } }, showSignIn);
  app.get(
    "/t/:tenant/sign-in",
    { schema: { params: TenantParams, querystring: SignInQuery } },
    showSignIn,
  );

  app.post("/sign-in", { schema: { body: SignInForm } }, async (request, reply) => {
    const { upn, password, tenant: named } = request.body;
    // The user name alone (discovery's first page): on to the password, under the tenant its
    // domain finds. The answer is the same for every domain, known or not.
    if (password === undefined) {
      const query = `upn=${encodeURIComponent(upn.trim())}`;
      return seeOther(reply, `${named ? signInPathOf(named) : "/sign-in"}?${query}`);
    }
    const tenant = await tenantOf(web, request, upn);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    const { step } = await signInMachine.advance(ctx, {
      event: {
        type: "password",
        tenant,
        upn,
        password,
        rememberedDeviceToken: readCookie(web, request, "varco_device") ?? null,
      },
      client: clientOf(request),
      channel: "pages",
    });
    return respondToStep(web, request, reply, tenant, step, {
      first: { page: "sign-in", upn, discovered: !named },
    });
  });

  // Seed 003: a Temporary Access Pass from the helpdesk, in place of password and code.
  // No tenant named: the UPN's domain finds it when the pass is sent.
  const showTap = async (request: FastifyRequest, reply: FastifyReply) => {
    const named = namedTenantOf(request) !== undefined;
    const tenant = await tenantOf(web, request);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    return sendPage(
      web,
      request,
      reply,
      "tap-sign-in",
      named ? { tenant: tenant.name } : {},
      // Unnamed, the tenant is the default one only while no tenant has a domain.
      named || !(await anyTenantDomain(ctx.store.db)) ? await tenantPageOf(web, tenant) : {},
    );
  };
  app.get("/sign-in/tap", { schema: { querystring: TenantQuery } }, showTap);
  app.get(
    "/t/:tenant/sign-in/tap",
    { schema: { params: TenantParams, querystring: TenantQuery } },
    showTap,
  );

  app.post("/sign-in/tap", { schema: { body: PassForm } }, async (request, reply) => {
    const { upn, pass } = request.body;
    const tenant = await tenantOf(web, request, upn);
    if (!tenant)
      return sendPage(web, request, reply, "error", { code: "not_found" }, { status: 404 });
    const { step } = await signInMachine.advance(ctx, {
      event: { type: "temporaryAccessPass", tenant, upn, pass },
      client: clientOf(request),
      channel: "pages",
    });
    return respondToStep(web, request, reply, tenant, step, {
      first: { page: "tap-sign-in", upn, discovered: !request.body.tenant },
    });
  });

  app.get("/sign-in/verify", { schema: { querystring: VerifyQuery } }, async (request, reply) =>
    atStep(request, reply, "second_factor", (step, tenant, page) => {
      const query = request.query;
      const apps = step.methods.filter((m) => m.kind === "app");
      const chosen = apps.find((m) => m.id === query.method) ?? apps[0];
      const preferred = step.methods.find((m) => m.isDefault && m.kind !== "app");
      const error = query.error === "passkey_failed" ? query.error : pageCodeError(query.error);
      const refused = error !== undefined;
      return sendPage(
        web,
        request,
        reply,
        "verify",
        {
          phones: phonesOf(step.methods),
          // Only shown first: the user presses it to send (a GET sends nothing).
          ...(preferred && preferred.kind !== "app"
            ? { preferredPhone: { phoneType: phoneTypeOfChoice(preferred), kind: preferred.kind } }
            : {}),
          methods: apps.map((m) => ({
            id: m.id,
            label: m.label,
            isDefault: m.isDefault,
            failedAttempts: m.failedAttempts,
            maxAttempts: tenant.policy.lockoutThreshold,
            digits: m.digits,
          })),
          selectedMethodId: chosen?.id ?? "",
          rememberDeviceDays: step.rememberDeviceDays > 0 ? step.rememberDeviceDays : null,
          backupCodesLeft: step.backupCodesLeft,
          canReport: step.canReport,
          ...(step.passkey ? { passkey: { required: step.passkey.required } } : {}),
          ...(error ? { error } : {}),
        },
        { status: refused ? 401 : 200, ...page },
      );
    }),
  );

  app.post("/sign-in/verify", { schema: { body: CodeForm } }, async (request, reply) => {
    const { code, methodId = "", remember } = request.body;
    return continueWith(
      request,
      reply,
      {
        type: "secondFactor",
        proof: { kind: "code", code: code.trim(), methodId: methodId || undefined },
        rememberDevice: ticked(remember),
      },
      `/sign-in/verify?error=invalid_code&method=${encodeURIComponent(methodId)}`,
    );
  });

  // Seed 001 "Segnala attività sospette": "I didn't try to sign in", from the code prompt.
  app.post("/sign-in/report", { schema: { body: NoFields } }, async (request, reply) => {
    return continueWith(request, reply, { type: "fraudReport" });
  });

  app.get("/sign-in/change-password", async (request, reply) =>
    atStep(request, reply, "change_password", (step, _tenant, page) =>
      sendPage(web, request, reply, "change-password", { reason: step.reason }, page),
    ),
  );

  app.post(
    "/sign-in/change-password",
    { schema: { body: NewPasswordForm } },
    async (request, reply) =>
      continueWith(request, reply, {
        type: "passwordChange",
        newPassword: request.body.newPassword,
      }),
  );

  app.get("/sign-in/other", async (request, reply) =>
    atStep(request, reply, "second_factor", (step, tenant, page) =>
      sendPage(
        web,
        request,
        reply,
        "other-ways",
        { backupCodesLeft: step.backupCodesLeft, helpdeskContact: tenant.policy.helpdeskContact },
        page,
      ),
    ),
  );

  app.get("/sign-in/backup-code", { schema: { querystring: ErrorQuery } }, async (request, reply) =>
    atStep(request, reply, "second_factor", (step, _tenant, page) => {
      const refused = request.query.error === "invalid_code";
      const days = step.rememberDeviceDays;
      return sendPage(
        web,
        request,
        reply,
        "backup-code",
        {
          rememberDeviceDays: days > 0 ? days : null,
          ...(refused ? { error: "invalid_code" as const } : {}),
        },
        { status: refused ? 401 : 200, ...page },
      );
    }),
  );

  app.post("/sign-in/backup-code", { schema: { body: BackupCodeForm } }, async (request, reply) => {
    return continueWith(
      request,
      reply,
      {
        type: "secondFactor",
        proof: { kind: "backupCode", code: request.body.code },
        rememberDevice: ticked(request.body.remember),
      },
      "/sign-in/backup-code?error=invalid_code",
    );
  });
}

/** The user's phones on the code prompt, each with the ways it can be used. */
/** The phone type of an `sms:<phoneType>` or `voice:<phoneType>` choice. */
function phoneTypeOfChoice(method: MethodChoice): string {
  return method.id.slice(method.id.indexOf(":") + 1);
}

function phonesOf(methods: readonly MethodChoice[]) {
  const phones = new Map<
    string,
    { phoneType: string; maskedNumber: string; sms: boolean; voice: boolean }
  >();
  for (const method of methods) {
    if (method.kind === "app") continue;
    const phoneType = phoneTypeOfChoice(method);
    const phone = phones.get(phoneType) ?? {
      phoneType,
      maskedNumber: method.label,
      sms: false,
      voice: false,
    };
    phone[method.kind] = true;
    phones.set(phoneType, phone);
  }
  return [...phones.values()];
}
