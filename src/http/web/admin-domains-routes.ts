import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { addTenantDomain } from "../../directory/domains/add-tenant-domain.ts";
import { removeTenantDomain } from "../../directory/domains/remove-tenant-domain.ts";
import { isVarcoError } from "../../errors/varco-error.ts";
import { authorize } from "../../roles/authorize.ts";
import { listTenantDomains } from "../../store/queries/tenant-domains.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const NewDomainForm = pageForm({ name: optionalText(300) });
const NoFields = pageForm({});
const NoticeQuery = pageQuery({ notice: optionalText(40) });
const DomainParams = Type.Object({ name: text(300) });

/** What the page shows in words when the domain functions refuse; anything else is an error. */
const refusals: ReadonlySet<string> = new Set([
  "invalid_domain",
  "domain_exists",
  "domain_not_found",
]);
const notices: ReadonlySet<string> = new Set(["domain_added", "domain_removed"]);

/**
 * `/admin/domains`: the tenant's domains, by which the sign-in page finds it (home realm
 * discovery). Adding and removing go through the same functions as the CLI and the admin API,
 * so the checks and the audit entries are theirs; a refusal is shown on the page, in words, and
 * changes nothing. Removing asks first, on a page of its own. Only `manageDomains` opens it.
 */
export function registerAdminDomainsRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const showDomains = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    shown: { notice?: string; error?: string; typed?: string; status?: number },
  ) => {
    const rows = await listTenantDomains(ctx.store.db, admin.tenant.id);
    const { status = 200, typed = "", ...messages } = shown;
    const domains = rows.map((row) => ({ name: row.name, createdAt: Number(row.created_at) }));
    return sendPage(
      web,
      request,
      reply,
      "admin-domains",
      { domains, typed, ...messages },
      { ...adminPage(admin), status },
    );
  };

  /** Runs `change`; a refusal the page knows answers the page with its words and status. */
  const refusedOr = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    typed: string,
    change: () => Promise<FastifyReply>,
  ) => {
    try {
      return await change();
    } catch (error) {
      if (isVarcoError(error) && refusals.has(error.code)) {
        const status = error.status;
        return showDomains(request, reply, admin, { error: error.code, typed, status });
      }
      throw error;
    }
  };

  app.get("/admin/domains", { schema: { querystring: NoticeQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "manageDomains");
      const notice = request.query.notice;
      return showDomains(request, reply, admin, notice && notices.has(notice) ? { notice } : {});
    }),
  );

  app.post("/admin/domains", { schema: { body: NewDomainForm } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "manageDomains");
      const typed = request.body.name ?? "";
      return refusedOr(request, reply, admin, typed, async () => {
        await addTenantDomain(ctx, admin.actor, admin.tenant, typed);
        return seeOther(reply, "/admin/domains?notice=domain_added");
      });
    }),
  );

  app.get(
    "/admin/domains/:name/remove",
    { schema: { params: DomainParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "manageDomains");
        const name = request.params.name.trim().toLowerCase();
        const rows = await listTenantDomains(ctx.store.db, admin.tenant.id);
        const found = rows.find((row) => row.name === name);
        if (!found) {
          return showDomains(request, reply, admin, { error: "domain_not_found", status: 404 });
        }
        const action = `/admin/domains/${encodeURIComponent(found.name)}/remove`;
        return sendPage(
          web,
          request,
          reply,
          "admin-tenant-confirm",
          { kind: "removeDomain", subject: found.name, action },
          adminPage(admin),
        );
      }),
  );

  app.post(
    "/admin/domains/:name/remove",
    { schema: { params: DomainParams, body: NoFields } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "manageDomains");
        return refusedOr(request, reply, admin, "", async () => {
          await removeTenantDomain(ctx, admin.actor, admin.tenant, request.params.name);
          return seeOther(reply, "/admin/domains?notice=domain_removed");
        });
      }),
  );
}
