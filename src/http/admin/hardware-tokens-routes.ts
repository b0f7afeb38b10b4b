import type { FastifyInstance } from "fastify";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { assignToken } from "../../hardware-tokens/assign-token.ts";
import {
  errorCsvHeader,
  errorCsvLine,
  readTokenCsv,
} from "../../hardware-tokens/formats/token-csv.ts";
import { importTokens } from "../../hardware-tokens/import-tokens.ts";
import { removeMethod } from "../../methods/remove-method.ts";
import { activateSoftwareOath } from "../../methods/software-oath/activate.ts";
import { parseFilter } from "../../odata/parse-filter.ts";
import { parseTop } from "../../odata/parse-top.ts";
import { decodeSkipToken } from "../../odata/skip-token.ts";
import { authorize } from "../../roles/authorize.ts";
import {
  findTokenById,
  type HardwareToken,
  listTokensPage,
} from "../../store/queries/hardware-tokens.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { adminOf } from "./admin-principal.ts";
import { collection, type ListQuery, listQuerySchema } from "./collection.ts";
import { targetUser } from "./target-user.ts";

const devices = "/api/v1/directory/authenticationMethodDevices/hardwareOathDevices";

// An error CSV larger than this is cut short in the answer (the counts stay exact).
const maxErrorCsvBytes = 4 * 1024 * 1024;

function graphDevice(token: HardwareToken) {
  return {
    id: token.id,
    serialNumber: token.serialNumber,
    manufacturer: token.manufacturer,
    model: token.model,
    status: token.status,
    hashFunction: token.algorithm.toLowerCase().replace("sha", "hmacsha"),
    timeIntervalInSeconds: token.oathType === "totp" ? token.period : null,
    oathType: token.oathType,
    digits: token.digits,
    assignedTo: token.userId ? { id: token.userId, userPrincipalName: token.upn } : null,
  };
}

/** `hardwareOathDevices` (the inventory) and `users/{id}/authentication/hardwareOathMethods`. */
export function registerHardwareTokensRoutes(app: FastifyInstance, ctx: Context): void {
  const tags = ["admin"];
  // A CSV upload arrives as a stream and is read row by row.
  app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));

  app.get<{ Querystring: ListQuery }>(
    devices,
    {
      schema: { summary: "The hardware OATH token inventory", tags, querystring: listQuerySchema },
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const after = decodeSkipToken(request.query.$skiptoken)?.serial;
      const page = await listTokensPage(ctx.store.db, {
        tenantId: admin.tenantId,
        filter: parseFilter(request.query.$filter, {
          serialNumber: "string",
          manufacturer: "string",
          model: "string",
        }),
        top: parseTop(request.query.$top, 100, 999),
        ...(typeof after === "string" ? { afterSerial: after } : {}),
      });
      const last = page.tokens.at(-1);
      return collection(
        request,
        page.tokens.map(graphDevice),
        page.more && last ? { serial: last.serialNumber } : undefined,
      );
    },
  );

  app.get<{ Params: { id: string } }>(
    `${devices}/:id`,
    { schema: { summary: "One hardware OATH token", tags } },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "readDirectory");
      const token = await findTokenById(ctx.store.db, admin.tenantId, request.params.id);
      if (!token) throw new VarcoError("hardware_token_not_found");
      return graphDevice(token);
    },
  );

  app.post(
    `${devices}/import`,
    {
      schema: {
        summary: "Upload tokens as CSV (seed 001's format), streamed row by row",
        description:
          "Body: text/csv with the header `upn,serial number,secret key,time interval,manufacturer,model`. " +
          "The answer counts the rows and holds the refused ones as CSV, with the reason of each.",
        tags,
      },
      bodyLimit: 64 * 1024 * 1024,
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "manageHardwareTokens");
      if (!(request.headers["content-type"] ?? "").startsWith("text/csv")) {
        throw new VarcoError("invalid_request", "send the tokens as Content-Type: text/csv");
      }
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("tenant_not_found");
      let errorsCsv = errorCsvHeader("seed");
      let truncated = false;
      const summary = await importTokens(
        ctx,
        admin.actor,
        tenant,
        readTokenCsv(request.body as AsyncIterable<Uint8Array>, "seed"),
        {
          onRefused: (row) => {
            const line = errorCsvLine(row);
            if (errorsCsv.length + line.length > maxErrorCsvBytes) truncated = true;
            else errorsCsv += line;
          },
        },
      );
      return {
        ...summary,
        errorsCsv: summary.failed > 0 ? errorsCsv : null,
        errorsCsvTruncated: truncated,
      };
    },
  );

  const userMethods = "/api/v1/users/:id/authentication/hardwareOathMethods";
  app.post<{ Params: { id: string }; Body: { device: { id: string } } }>(
    userMethods,
    {
      schema: {
        summary: "Assign a token of the inventory to the user (pending until activated)",
        tags,
        body: {
          type: "object",
          required: ["device"],
          properties: {
            device: {
              type: "object",
              required: ["id"],
              properties: { id: { type: "string", maxLength: 64 } },
            },
          },
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      const token = await findTokenById(ctx.store.db, admin.tenantId, request.body.device.id);
      if (!tenant || !token) throw new VarcoError("hardware_token_not_found");
      const assigned = await assignToken(ctx, admin.actor, tenant, target.user, token.serialNumber);
      return reply.status(201).send(graphDevice(assigned));
    },
  );

  app.post<{ Params: { id: string; methodId: string }; Body: { verificationCode: string } }>(
    `${userMethods}/:methodId/activate`,
    {
      schema: {
        summary: "Activate the user's token with the code it shows now",
        tags,
        body: {
          type: "object",
          required: ["verificationCode"],
          properties: { verificationCode: { type: "string", maxLength: 16 } },
        },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("tenant_not_found");
      await activateSoftwareOath(ctx, admin.actor, tenant, target.user, {
        methodId: request.params.methodId,
        code: request.body.verificationCode,
      });
      return reply.status(204).send();
    },
  );

  app.delete<{ Params: { id: string; methodId: string } }>(
    `${userMethods}/:methodId`,
    { schema: { summary: "Take the token from the user: it returns to the inventory", tags } },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      await removeMethod(ctx, admin.actor, target.user, request.params.methodId);
      return reply.status(204).send();
    },
  );
}
