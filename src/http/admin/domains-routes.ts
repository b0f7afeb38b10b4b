import { type Static, Type } from "typebox";
import type { Context } from "../../context.ts";
import { addTenantDomain } from "../../directory/domains/add-tenant-domain.ts";
import { removeTenantDomain } from "../../directory/domains/remove-tenant-domain.ts";
import type { Tenant } from "../../directory/types.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { authorize } from "../../roles/authorize.ts";
import { listTenantDomains } from "../../store/queries/tenant-domains.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { adminOf } from "./admin-principal.ts";

const path = "/api/v1/domains";

// Graph's domain: its id is the domain name. Varco does not check DNS, so it claims nothing of
// Graph's isVerified.
const Domain = Type.Object(
  {
    id: Type.String({ description: "The domain name, lowercase" }),
    createdDateTime: Type.String({ format: "date-time" }),
  },
  { description: "A domain of the tenant's user names: the sign-in page finds the tenant by it" },
);

const domainJson = (name: string, createdAt: number) =>
  ({ id: name, createdDateTime: new Date(createdAt).toISOString() }) satisfies Static<
    typeof Domain
  >;

const NewDomain = Type.Object(
  { id: Type.String({ minLength: 1, maxLength: 253, description: "The domain name" }) },
  { additionalProperties: false },
);

/**
 * `domains`: the domains of the caller's tenant (Entra's "Custom domain names"), by which the
 * sign-in page finds the tenant of a user name. Only a Global Administrator adds or removes one:
 * a domain decides where its users sign in.
 */
export function registerDomainsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["domains"];
  const tenantOf = async (tenantId: string): Promise<Tenant> => {
    const tenant = await findTenantById(ctx.store.db, tenantId);
    if (!tenant) throw new VarcoError("tenant_not_found");
    return tenant;
  };

  app.get(
    path,
    {
      schema: {
        summary: "The tenant's domains",
        tags,
        response: {
          200: GraphCollection(Domain, "Every domain of the tenant, by name"),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const rows = await listTenantDomains(ctx.store.db, admin.tenantId);
      return { value: rows.map((r) => domainJson(r.name, r.created_at)) };
    },
  );

  app.post(
    path,
    {
      schema: {
        summary: "Add a domain to the tenant",
        description:
          "400 invalid_domain for a name that is no DNS name; 409 domain_exists when a tenant (this one or another) has it.",
        tags,
        body: NewDomain,
        response: { 201: Domain, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "manageDomains");
      const added = await addTenantDomain(
        ctx,
        admin.actor,
        await tenantOf(admin.tenantId),
        request.body.id,
      );
      return reply.status(201).send(domainJson(added.name, added.createdAt));
    },
  );

  app.delete(
    `${path}/:id`,
    {
      schema: {
        summary: "Remove a domain from the tenant",
        description: "404 domain_not_found when the tenant has no such domain.",
        tags,
        params: Type.Object({
          id: Type.String({ maxLength: 253, description: "The domain name" }),
        }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      authorize(admin, "manageDomains");
      await removeTenantDomain(ctx, admin.actor, await tenantOf(admin.tenantId), request.params.id);
      return reply.status(204).send();
    },
  );
}
