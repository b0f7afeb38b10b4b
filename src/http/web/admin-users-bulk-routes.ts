import { randomUUID } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import { Type } from "typebox";
import { bulkCreateUsers } from "../../directory/bulk/bulk-create-users.ts";
import { bulkDeleteUsers } from "../../directory/bulk/bulk-delete-users.ts";
import { bulkErrorCsvHeader, bulkErrorCsvLine } from "../../directory/bulk/bulk-error-csv.ts";
import { findOwnBulkOutcome, keepBulkOutcome } from "../../directory/bulk/bulk-outcomes.ts";
import { bulkTemplate, createColumns, deleteColumns } from "../../directory/bulk/bulk-templates.ts";
import { readEntraCsv } from "../../directory/bulk/entra-csv.ts";
import { rowRefusalText } from "../../directory/bulk/row-refusal.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import type { AdminUsersBulkOutcomeModel } from "../../web/admin-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { checkUploadLength, maxTokenFileBytes, readUpload } from "../read-upload.ts";
import { adminPage, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { partsAfterCsrf } from "./csrf-check.ts";
import { IdParams } from "./page-contracts.ts";
import { languageOf, seeOther, sendPage, type Web } from "./web-context.ts";

const maxErrorCsvBytes = 8 * 1024 * 1024;
const KindParams = Type.Object({ kind: Type.Enum(["create", "delete"]) });

/**
 * Entra's "Bulk create" and "Bulk delete" under the users page: the template to download, the
 * upload (streamed, with the token upload's progress bar where scripts run), and the outcome
 * page with its error CSV, kept an hour for the administrator who sent the file.
 */
export async function registerAdminUsersBulkRoutes(app: ContractApp, web: Web): Promise<void> {
  const { ctx } = web;

  app.get("/admin/users/bulk/:kind", { schema: { params: KindParams } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "manageUsers");
      const { kind } = request.params;
      return sendPage(web, request, reply, "admin-users-bulk", { kind }, adminPage(admin));
    }),
  );

  app.get(
    "/admin/users/bulk/:kind/template.csv",
    { schema: { params: KindParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "manageUsers");
        const { kind } = request.params;
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", `attachment; filename="users-bulk-${kind}.csv"`)
          .header("x-content-type-options", "nosniff")
          .send(bulkTemplate(kind));
      }),
  );

  // Multipart only here, as for the token upload: its hooks must not run for other requests.
  await app.register((upload, _options, done) => {
    upload.register(multipart, { limits: { files: 1, fields: 10, fileSize: maxTokenFileBytes } });
    upload.post("/admin/users/bulk/create", (request, reply) =>
      bulkUpload(request, reply, "create"),
    );
    upload.post("/admin/users/bulk/delete", (request, reply) =>
      bulkUpload(request, reply, "delete"),
    );
    done();
  });

  const bulkUpload = async (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: "create" | "delete",
  ) => {
    if (!request.isMultipart())
      throw new VarcoError("invalid_request", "send the file as multipart/form-data");
    checkUploadLength(request.headers, { multipart: true });
    const fields: Record<string, string | undefined> = {};
    for await (const part of partsAfterCsrf(request)) {
      if (part.type === "field") {
        fields[part.fieldname] = String(part.value).slice(0, 200);
        continue;
      }
      (request as FastifyRequest & { body: typeof fields }).body = fields;
      return withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "manageUsers");
        const language = languageOf(web, request, reply);
        let errorsCsv = bulkErrorCsvHeader(kind);
        const refused: AdminUsersBulkOutcomeModel["refused"] = [];
        const handlers = {
          onRefused: (row: Parameters<typeof bulkErrorCsvLine>[1]) => {
            const line = bulkErrorCsvLine(kind, row, language);
            if (errorsCsv.length + line.length <= maxErrorCsvBytes) errorsCsv += line;
            if (refused.length < 100) {
              refused.push({
                line: row.line,
                upn: row.userPrincipalName,
                error: rowRefusalText(row.refused, language),
              });
            }
          },
        };
        const file = readUpload(() => part.file, "multipart/form-data");
        let done: number;
        let failed: number;
        if (kind === "create") {
          const rows = readEntraCsv(file, createColumns);
          ({ created: done, failed } = await bulkCreateUsers(
            ctx,
            admin.actor,
            admin.tenant,
            rows,
            handlers,
          ));
        } else {
          const rows = readEntraCsv(file, deleteColumns);
          ({ deleted: done, failed } = await bulkDeleteUsers(ctx, admin.actor, admin.tenant, rows, {
            ...handlers,
            mayDelete: (target) => isAllowed(admin.principal, "manageUsers", target),
          }));
        }
        const id = randomUUID();
        await keepBulkOutcome(
          ctx,
          { tenantId: admin.tenant.id, userId: admin.user.id },
          { id, kind, done, failed, refused, errorsCsv },
        );
        return seeOther(reply, `/admin/users/bulk/outcomes/${id}`);
      });
    }
    throw new VarcoError("invalid_request", "no file in the upload");
  };

  app.get(
    "/admin/users/bulk/outcomes/:id",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const outcome = await findOwnBulkOutcome(
          ctx,
          request.params.id.slice(0, 64),
          admin.user.id,
        );
        if (!outcome) return sendAdminError(web, request, reply, admin, "not_found");
        const { id, kind, done, failed } = outcome;
        return sendPage(
          web,
          request,
          reply,
          "admin-users-bulk-outcome",
          { id, kind, done, failed, refused: [...outcome.refused] },
          adminPage(admin),
        );
      }),
  );

  app.get(
    "/admin/users/bulk/outcomes/:id/errors.csv",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const outcome = await findOwnBulkOutcome(
          ctx,
          request.params.id.slice(0, 64),
          admin.user.id,
        );
        if (!outcome) return sendAdminError(web, request, reply, admin, "not_found");
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header(
            "content-disposition",
            `attachment; filename="users-bulk-${outcome.kind}-errors.csv"`,
          )
          .header("cache-control", "no-store")
          .header("x-content-type-options", "nosniff")
          .send(outcome.errorsCsv);
      }),
  );
}
