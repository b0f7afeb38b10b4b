import { Readable } from "node:stream";
import type { FastifySchemaCompiler } from "fastify";
import { type TSchema, Type } from "typebox";
import type { Context } from "../../context.ts";
import { bulkCreateUsers } from "../../directory/bulk/bulk-create-users.ts";
import { bulkDeleteUsers } from "../../directory/bulk/bulk-delete-users.ts";
import {
  bulkErrorCsvHeader,
  bulkErrorCsvLine,
  type RefusedUserRow,
} from "../../directory/bulk/bulk-error-csv.ts";
import { createColumns, deleteColumns } from "../../directory/bulk/bulk-templates.ts";
import { readEntraCsv } from "../../directory/bulk/entra-csv.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { Nullable } from "../contracts/nullable.ts";
import { checkUploadLength, maxTokenFileBytes } from "../read-upload.ts";
import { adminOf } from "./admin-principal.ts";

// An error CSV larger than this is cut short in the answer (the counts stay exact).
const maxErrorCsvBytes = 4 * 1024 * 1024;

/** A bulk file on the wire is CSV text; to the handler, its bytes as they stream in. */
const BulkCsv = (description: string) =>
  Type.Unsafe<AsyncIterable<Uint8Array>>(Type.String({ description }));

const isCsvStream: FastifySchemaCompiler<unknown> = ({ httpPart }) => {
  if (httpPart !== "body") throw new Error("a CSV upload route checks its body only");
  return (body: unknown) =>
    body instanceof Readable
      ? { value: body }
      : { error: new Error("send the file as Content-Type: text/csv") };
};

const errorsCsvFields = {
  failed: Type.Integer({ description: "Rows refused" }),
  errorsCsv: Nullable(
    Type.String({
      description:
        "The refused rows as CSV: line, user name, a stable code and the reason in words (never a password); null: none",
    }),
  ),
  errorsCsvTruncated: Type.Boolean({
    description: "The error CSV was cut at 4 MiB; the counts stay exact",
  }),
};

const BulkCreateResult = Type.Object(
  { created: Type.Integer({ description: "Users created" }), ...errorsCsvFields },
  { description: "How the bulk create went" },
);
const BulkDeleteResult = Type.Object(
  { deleted: Type.Integer({ description: "Users deleted" }), ...errorsCsvFields },
  { description: "How the bulk delete went" },
);

/**
 * Entra's bulk create and bulk delete of users as two uploads of its CSV templates, streamed row
 * by row. Needs a text/csv parser in this context (registered here unless the hardware tokens'
 * routes did so already).
 */
export function registerUsersBulkRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["users"];
  if (!app.hasContentTypeParser("text/csv")) {
    app.addContentTypeParser("text/csv", (_request, payload, done) => done(null, payload));
  }
  const upload = {
    bodyLimit: maxTokenFileBytes,
    validatorCompiler: isCsvStream,
  };
  const errorCollector = (kind: "create" | "delete") => {
    let csv = bulkErrorCsvHeader(kind);
    let truncated = false;
    return {
      onRefused: (row: RefusedUserRow) => {
        const line = bulkErrorCsvLine(kind, row);
        if (csv.length + line.length > maxErrorCsvBytes) truncated = true;
        else csv += line;
      },
      result: (failed: number) => ({
        failed,
        errorsCsv: failed > 0 ? csv : null,
        errorsCsvTruncated: truncated,
      }),
    };
  };
  const tenantOf = async (tenantId: string) => {
    const tenant = await findTenantById(ctx.store.db, tenantId);
    if (!tenant) throw new VarcoError("tenant_not_found");
    return tenant;
  };
  const schema = <B extends TSchema, R extends TSchema>(
    summary: string,
    description: string,
    body: B,
    result: R,
  ) => ({
    summary,
    description,
    tags,
    consumes: ["text/csv"],
    body,
    response: { 200: result, ...errorResponses(400, 401, 403, 404, 411, 413, 415) },
  });

  app.post(
    "/api/v1/users/import",
    {
      schema: schema(
        "Create users from Entra's bulk-create CSV, streamed row by row",
        "The answer counts the users created and holds the refused rows as CSV, each with a code and the reason. Created users choose a new password at their first sign-in.",
        BulkCsv(
          "`version:v1.0`, then a header naming `[displayName]`, `[userPrincipalName]`, `[passwordProfile]`, `[accountEnabled]` (Block sign in: Yes/No), optionally `[department]`, `[mobile]`, `[mail]`; other columns are ignored",
        ),
        BulkCreateResult,
      ),
      ...upload,
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "manageUsers");
      checkUploadLength(request.headers, { multipart: false });
      const tenant = await tenantOf(admin.tenantId);
      const errors = errorCollector("create");
      const summary = await bulkCreateUsers(
        ctx,
        admin.actor,
        tenant,
        readEntraCsv(request.body, createColumns),
        { onRefused: errors.onRefused },
      );
      return { created: summary.created, ...errors.result(summary.failed) };
    },
  );

  app.post(
    "/api/v1/users/bulkDelete",
    {
      schema: schema(
        "Delete users named in Entra's bulk-delete CSV, streamed row by row",
        "Each user is deleted as by DELETE /users/{id}: methods, sessions, devices and passes go, the logs keep their entries. A user who holds an administrator role needs a Global Administrator; the tenant's last Global Administrator stays.",
        BulkCsv("`version:v1.0`, then a header naming `[userPrincipalName]`, then one user a row"),
        BulkDeleteResult,
      ),
      ...upload,
    },
    async (request) => {
      const admin = adminOf(request);
      authorize(admin, "manageUsers");
      checkUploadLength(request.headers, { multipart: false });
      const tenant = await tenantOf(admin.tenantId);
      const errors = errorCollector("delete");
      const summary = await bulkDeleteUsers(
        ctx,
        admin.actor,
        tenant,
        readEntraCsv(request.body, deleteColumns),
        {
          mayDelete: (target) => isAllowed(admin, "manageUsers", target),
          onRefused: errors.onRefused,
        },
      );
      return { deleted: summary.deleted, ...errors.result(summary.failed) };
    },
  );
}
