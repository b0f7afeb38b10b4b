import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { isVarcoError } from "../../errors/varco-error.ts";
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
import type { AdminMethodsModel } from "../../web/admin-methods-model.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { optionalText, pageQuery, text } from "./page-contracts.ts";
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
 */
export function registerAdminMethodsRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    shown: { notice?: string; refused?: AdminMethodsModel["refused"]; status?: number },
  ) => {
    const tenantId = admin.tenant.id;
    const groups = (await listGroups(ctx.store.db, tenantId)).map((g) => ({
      id: g.id,
      name: g.name,
    }));
    const names = new Map(groups.map((g) => [g.id, g.name]));
    const named = (id: string) => ({ id, name: names.get(id) ?? id });
    const ready = await phoneGatewaysReady(ctx, tenantId);
    const methods = (await readMethodConfigurations(ctx, tenantId)).map((configuration) => {
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
    const { status = 200, ...messages } = shown;
    return sendPage(
      web,
      request,
      reply,
      "admin-methods",
      { methods, groups, readOnly: !isAllowed(admin.principal, "writePolicy"), ...messages },
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
