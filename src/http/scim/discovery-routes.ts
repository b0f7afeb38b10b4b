import { Type } from "typebox";
import { VarcoError } from "../../errors/varco-error.ts";
import type { JsonObject } from "../../scim/attributes.ts";
import { resourceTypes, schemas, serviceProviderConfig } from "../../scim/discovery.ts";
import { listResponse } from "../../scim/list-page.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import type { ScimBaseUrl } from "./register-scim.ts";
import { sendScim } from "./send-scim.ts";

const hide = { hide: true } as const;
const Named = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

/** /ServiceProviderConfig, /ResourceTypes and /Schemas (RFC 7644 section 4). */
export function registerDiscoveryRoutes(app: ContractApp, baseUrl: ScimBaseUrl): void {
  const all = (list: JsonObject[]) => listResponse(list, { startIndex: 1, count: list.length });
  const one = (list: JsonObject[], id: string) => {
    const found = list.find((item) => item.id === id);
    if (!found) throw new VarcoError("scim_resource_not_found", `no ${id.slice(0, 100)}`);
    return found;
  };
  app.get("/ServiceProviderConfig", { schema: hide }, async (request, reply) =>
    sendScim(reply, serviceProviderConfig(baseUrl(request))),
  );
  app.get("/ResourceTypes", { schema: hide }, async (request, reply) =>
    sendScim(reply, all(resourceTypes(baseUrl(request)))),
  );
  app.get("/ResourceTypes/:id", { schema: { ...hide, params: Named } }, async (request, reply) =>
    sendScim(reply, one(resourceTypes(baseUrl(request)), request.params.id)),
  );
  app.get("/Schemas", { schema: hide }, async (request, reply) =>
    sendScim(reply, all(schemas(baseUrl(request)))),
  );
  app.get("/Schemas/:id", { schema: { ...hide, params: Named } }, async (request, reply) =>
    sendScim(reply, one(schemas(baseUrl(request)), request.params.id)),
  );
}
