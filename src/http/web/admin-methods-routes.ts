import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
import { authenticatorModelName } from "../../methods/passkey/authenticator-models.ts";
import {
  defaultFido2Settings,
  type Fido2Settings,
} from "../../policy/method-configurations/fido2-settings.ts";
import type { Fido2SettingsChanges } from "../../policy/method-configurations/fido2-settings-changes.ts";
import {
  allUsers,
  type MethodConfigurationId,
  methodConfigurationIdOf,
  phoneMethodIds,
} from "../../policy/method-configurations/method-configuration.ts";
import { phoneGatewaysReady } from "../../policy/method-configurations/phone-gateways-ready.ts";
import { readMethodConfigurations } from "../../policy/method-configurations/read-method-configurations.ts";
import {
  type MethodConfigurationChanges,
  updateMethodConfiguration,
} from "../../policy/method-configurations/update-method-configuration.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { listGroups } from "../../store/queries/groups.ts";
import type { AdminFido2Settings, AdminMethodsModel } from "../../web/admin-methods-model.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { multiLineFields } from "../refuse-bad-input.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { Checkbox, optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

/**
 * One method's form: its state, all users or chosen groups, and a checkbox per group to include
 * (`include:<id>`) and to exclude (`exclude:<id>`): one name per group, since a name given twice
 * is refused at the edge (refuse-bad-input.ts).
 */
const MethodForm = Type.Object(
  {
    _csrf: Type.Optional(Type.String({ maxLength: 64 })),
    state: optionalText(20),
    target: optionalText(20),
  },
  {
    additionalProperties: false,
    patternProperties: { "^(include|exclude):[A-Za-z0-9._-]{1,100}$": Type.Enum(["on"]) },
    maxProperties: 2 * 2 * 50 + 3,
  },
);
const MethodParams = Type.Object({ id: text(40) });

/** Fido2's settings form: three checkboxes, the key restrictions, the cloned-credential action. */
const Fido2SettingsForm = pageForm({
  isAttestationEnforced: Checkbox,
  isSelfServiceRegistrationAllowed: Checkbox,
  isUserVerificationRequired: Checkbox,
  keyRestrictionsEnforced: Checkbox,
  enforcementType: optionalText(10),
  aaGuids: optionalText(100 * 40),
  clonedCredentialAction: optionalText(10),
});
type Fido2SettingsFormBody = Static<typeof Fido2SettingsForm>;

/** What the settings form sent, as a change; the domain checks every value. */
function fido2ChangesOf(body: Fido2SettingsFormBody): Fido2SettingsChanges {
  return {
    isAttestationEnforced: body.isAttestationEnforced !== undefined,
    isSelfServiceRegistrationAllowed: body.isSelfServiceRegistrationAllowed !== undefined,
    isUserVerificationRequired: body.isUserVerificationRequired !== undefined,
    keyRestrictions: {
      isEnforced: body.keyRestrictionsEnforced !== undefined,
      enforcementType: body.enforcementType as "allow" | "block",
      aaGuids: aaGuidsOfText(body.aaGuids ?? ""),
    },
    clonedCredentialAction: body.clonedCredentialAction as "refuse" | "allow",
  };
}

/** One AAGUID a line (or separated by spaces or commas), as typed. */
const aaGuidsOfText = (text: string) => text.split(/[\s,]+/).filter(Boolean);

/** The settings as the page shows them: stored, or as typed when the change was refused. */
function fido2Shown(settings: Fido2Settings, typed?: Fido2SettingsFormBody): AdminFido2Settings {
  const stored = {
    isAttestationEnforced: settings.isAttestationEnforced,
    isSelfServiceRegistrationAllowed: settings.isSelfServiceRegistrationAllowed,
    isUserVerificationRequired: settings.isUserVerificationRequired,
    keyRestrictionsEnforced: settings.keyRestrictions.isEnforced,
    enforcementType: settings.keyRestrictions.enforcementType,
    aaGuids: settings.keyRestrictions.aaGuids.map((aaGuid) => ({
      aaGuid,
      model: authenticatorModelName(aaGuid) ?? null,
    })),
    aaGuidsText: settings.keyRestrictions.aaGuids.join("\n"),
    clonedCredentialAction: settings.clonedCredentialAction,
  };
  if (!typed) return stored;
  return {
    ...stored,
    isAttestationEnforced: typed.isAttestationEnforced !== undefined,
    isSelfServiceRegistrationAllowed: typed.isSelfServiceRegistrationAllowed !== undefined,
    isUserVerificationRequired: typed.isUserVerificationRequired !== undefined,
    keyRestrictionsEnforced: typed.keyRestrictionsEnforced !== undefined,
    enforcementType: typed.enforcementType === "allow" ? "allow" : "block",
    aaGuidsText: typed.aaGuids ?? "",
    clonedCredentialAction: typed.clonedCredentialAction === "allow" ? "allow" : "refuse",
  };
}
const NoticeQuery = pageQuery({ notice: optionalText(40) });

/** What the form sent, as a change: the checkboxes ticked in each list, in the page's order. */
function changesOf(body: Record<string, unknown>): MethodConfigurationChanges {
  const ticked = (list: "include" | "exclude") =>
    Object.keys(body)
      .filter((name) => name.startsWith(`${list}:`))
      .map((name) => ({ targetType: "group" as const, id: name.slice(list.length + 1) }));
  const state = body.state === "enabled" || body.state === "disabled" ? body.state : undefined;
  return {
    ...(state ? { state } : {}),
    includeTargets:
      body.target === "all" ? [{ targetType: "group", id: allUsers }] : ticked("include"),
    excludeTargets: ticked("exclude"),
  };
}

/**
 * `/admin/methods`: which methods users may register and use, for all users or for chosen
 * groups (Graph's authenticationMethodConfigurations, as the admin API has them). Reading takes
 * readPolicy, changing writePolicy; a change goes through the same function as the API, so its
 * checks and audit entry are the same, and a refusal is shown on the page and changes nothing.
 * Fido2's own settings (attestation, key restrictions, user verification, cloned credentials)
 * have a form of their own.
 */
export function registerAdminMethodsRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    shown: {
      notice?: string;
      refused?: AdminMethodsModel["refused"];
      status?: number;
      typed?: Fido2SettingsFormBody;
    },
  ) => {
    const tenantId = admin.tenant.id;
    const groups = (await listGroups(ctx.store.db, tenantId)).map((g) => ({
      id: g.id,
      name: g.name,
    }));
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const named = (id: string) => ({ id, name: names.get(id) ?? id });
    const ready = await phoneGatewaysReady(ctx, tenantId);
    const configurations = await readMethodConfigurations(ctx, tenantId);
    const fido2Settings =
      configurations.find((c) => c.id === "Fido2")?.fido2Settings ?? defaultFido2Settings;
    const methods = configurations.map((configuration) => {
      const phone = phoneMethodIds[configuration.id];
      const included = configuration.includeTargets.map((target) => target.id);
      return {
        id: configuration.id,
        state: configuration.state,
        allUsers: included.includes(allUsers),
        includeGroups: included.filter((id) => id !== allUsers).map(named),
        excludeGroups: configuration.excludeTargets.map((target) => named(target.id)),
        needsGateway: phone !== undefined && !ready[phone],
      };
    });
    const { status = 200, typed, ...messages } = shown;
    return sendPage(
      web,
      request,
      reply,
      "admin-methods",
      {
        methods,
        groups,
        fido2: fido2Shown(fido2Settings, typed),
        readOnly: !isAllowed(admin.principal, "writePolicy"),
        ...messages,
      },
      { ...adminPage(admin), status },
    );
  };

  app.get("/admin/methods", { schema: { querystring: NoticeQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const saved = request.query.notice === "method_saved";
      return show(request, reply, admin, saved ? { notice: "method_saved" } : {});
    }),
  );

  // Fido2's own settings: a form of their own, through the same function as the API.
  app.post(
    "/admin/methods/Fido2/settings",
    { schema: { body: Fido2SettingsForm }, config: multiLineFields(["aaGuids"]) },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "writePolicy");
        try {
          const tenantId = admin.tenant.id;
          await updateMethodConfiguration(
            ctx,
            admin.actor,
            tenantId,
            "Fido2",
            fido2ChangesOf(request.body),
            await phoneGatewaysReady(ctx, tenantId),
          );
          return seeOther(reply, "/admin/methods?notice=method_saved#fido2-settings");
        } catch (error) {
          if (!isVarcoError(error) || error.status >= 500) throw error;
          return show(request, reply, admin, {
            refused: {
              method: "Fido2",
              code: error.code,
              ...(error.detail ? { detail: error.detail } : {}),
              settings: true,
            },
            status: error.status,
            typed: request.body,
          });
        }
      }),
  );

  app.post(
    "/admin/methods/:id",
    { schema: { params: MethodParams, body: MethodForm } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "writePolicy");
        const method: MethodConfigurationId | undefined = methodConfigurationIdOf(
          request.params.id,
        );
        try {
          const tenantId = admin.tenant.id;
          await updateMethodConfiguration(
            ctx,
            admin.actor,
            tenantId,
            request.params.id,
            changesOf(request.body as Record<string, unknown>),
            await phoneGatewaysReady(ctx, tenantId),
          );
          return seeOther(reply, `/admin/methods?notice=method_saved#method-${method}`);
        } catch (error) {
          if (!isVarcoError(error) || error.status >= 500 || !method) throw error;
          return show(request, reply, admin, {
            refused: {
              method,
              code: error.code,
              ...(error.detail ? { detail: error.detail } : {}),
            },
            status: error.status,
          });
        }
      }),
  );
}
