import { type Static, Type } from "typebox";
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
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection, ListQuery } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { Nullable } from "../contracts/nullable.ts";
import { checkUploadLength, maxTokenFileBytes } from "../read-upload.ts";
import { adminOf } from "./admin-principal.ts";
import { collection } from "./collection.ts";
import { targetUser, UserMethodParams, UserParams } from "./target-user.ts";
import { acceptCsvBodies, csvUpload, TokenCsv } from "./token-csv-body.ts";

const devices = "/api/v1/directory/authenticationMethodDevices/hardwareOathDevices";

// An error CSV larger than this is cut short in the answer (the counts stay exact).
const maxErrorCsvBytes = 4 * 1024 * 1024;

const HardwareOathDevice = Type.Object(
  {
    id: Type.String(),
    serialNumber: Type.String(),
    manufacturer: Type.String(),
    model: Type.String(),
    status: Type.Enum(["available", "assigned", "activated"], {
      description: "assigned: waiting for the code that activates it",
    }),
    hashFunction: Type.String({ description: "hmacsha1, hmacsha256 or hmacsha512" }),
    timeIntervalInSeconds: Nullable(Type.Integer({ description: "TOTP only" })),
    oathType: Type.Enum(["totp", "hotp"]),
    digits: Type.Integer(),
    assignedTo: Type.Union([
      Type.Object({ id: Type.String(), userPrincipalName: Nullable(Type.String()) }),
      Type.Null(),
    ]),
  },
  { description: "A hardware OATH token; never its seed" },
);

const TokenImportResult = Type.Object(
  {
    imported: Type.Integer({ description: "Rows that became tokens" }),
    assigned: Type.Integer({ description: "Of those, the ones assigned to their user" }),
    failed: Type.Integer({ description: "Rows refused" }),
    errorsCsv: Nullable(
      Type.String({
        description: "The refused rows with the reason of each, as CSV (never a key); null: none",
      }),
    ),
    errorsCsvTruncated: Type.Boolean({
      description: "The error CSV was cut at 4 MiB; the counts stay exact",
    }),
  },
  { description: "How the upload went" },
);

function graphDevice(token: HardwareToken): Static<typeof HardwareOathDevice> {
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
export function registerHardwareTokensRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["hardware tokens"];
  acceptCsvBodies(app);
  app.get(
    devices,
    {
      schema: {
        summary: "The hardware OATH token inventory",
        description: "$filter on serialNumber, manufacturer, model; ordered by serial number.",
        tags,
        querystring: ListQuery,
        response: {
          200: GraphCollection(HardwareOathDevice, "A page of the inventory"),
          ...errorResponses(400, 401, 403),
        },
      },
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

  app.get(
    `${devices}/:id`,
    {
      schema: {
        summary: "One hardware OATH token",
        tags,
        params: Type.Object({ id: Type.String({ description: "The token's id" }) }),
        response: { 200: HardwareOathDevice, ...errorResponses(401, 403, 404) },
      },
    },
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
          "The answer counts the rows and holds the refused ones as CSV, with the reason of each.",
        tags,
        consumes: ["text/csv"],
        body: TokenCsv,
        response: {
          200: TokenImportResult,
          ...errorResponses(400, 401, 403, 404, 411, 413, 415),
        },
      },
      bodyLimit: maxTokenFileBytes,
      ...csvUpload,
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "manageHardwareTokens");
      checkUploadLength(request.headers, { multipart: false });
      const tenant = await findTenantById(ctx.store.db, admin.tenantId);
      if (!tenant) throw new VarcoError("tenant_not_found");
      let errorsCsv = errorCsvHeader("seed");
      let truncated = false;
      const summary = await importTokens(
        ctx,
        admin.actor,
        tenant,
        readTokenCsv(request.body, "seed"),
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
  app.post(
    userMethods,
    {
      schema: {
        summary: "Assign a token of the inventory to the user (pending until activated)",
        tags,
        params: UserParams,
        body: Type.Object({
          device: Type.Object({
            id: Type.String({ maxLength: 64, description: "The token's id in the inventory" }),
          }),
        }),
        response: {
          201: HardwareOathDevice,
          ...errorResponses(400, 401, 403, 404, 409, 413, 415),
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

  app.post(
    `${userMethods}/:methodId/activate`,
    {
      schema: {
        summary: "Activate the user's token with the code it shows now",
        tags,
        params: UserMethodParams,
        body: Type.Object({
          verificationCode: Type.String({ maxLength: 16, description: "The code the token shows" }),
        }),
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
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

  app.delete(
    `${userMethods}/:methodId`,
    {
      schema: {
        summary: "Take the token from the user: it returns to the inventory",
        tags,
        params: UserMethodParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const admin = adminOf(request);
      const target = await targetUser(ctx, admin, request.params.id);
      authorize(admin, "manageMethods", target);
      await removeMethod(ctx, admin.actor, target.user, request.params.methodId);
      return reply.status(204).send();
    },
  );
}
