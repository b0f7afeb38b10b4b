import { randomUUID } from "node:crypto";
import multipart from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { Static } from "typebox";
import { findUser } from "../../directory/find-user.ts";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { assignToken } from "../../hardware-tokens/assign-token.ts";
import {
  errorCsvHeader,
  errorCsvLine,
  readTokenCsv,
  type TokenCsvFormat,
} from "../../hardware-tokens/formats/token-csv.ts";
import { findOwnImportOutcome, keepImportOutcome } from "../../hardware-tokens/import-outcomes.ts";
import { importTokens } from "../../hardware-tokens/import-tokens.ts";
import { refusalText } from "../../hardware-tokens/refusal.ts";
import { activateSoftwareOath } from "../../methods/software-oath/activate.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { findTokenBySerial, listTokensPage } from "../../store/queries/hardware-tokens.ts";
import { listRolesOf } from "../../store/queries/roles.ts";
import { findUserById } from "../../store/queries/users.ts";
import type { AdminTokenImportModel } from "../../web/admin-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { checkUploadLength, maxTokenFileBytes, readUpload } from "../read-upload.ts";
import { adminPage, type PageAdmin, sendAdminError, withPageAdmin } from "./admin-context.ts";
import { partsAfterCsrf } from "./csrf-check.ts";
import { IdParams, optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { languageOf, seeOther, sendPage, type Web } from "./web-context.ts";

type Form = Record<string, string | undefined>;

const TokensQuery = pageQuery({
  after: optionalText(64),
  notice: optionalText(40),
  error: optionalText(40),
});
const AssignForm = pageForm({ ticket: optionalText(200), upn: text(256), serial: text(64) });
const ActivateForm = pageForm({ ticket: optionalText(200), serial: text(64), code: text(64) });

const maxErrorCsvBytes = 8 * 1024 * 1024;

/** Seed 002 on the admin pages: upload (streamed, with progress), error CSV, inventory, assign, activate. */
export async function registerAdminTokensRoutes(app: ContractApp, web: Web): Promise<void> {
  const { ctx } = web;

  app.get("/admin/tokens", { schema: { querystring: TokensQuery } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readDirectory");
      const query = request.query;
      const after = query.after ?? "";
      const found = await listTokensPage(ctx.store.db, {
        tenantId: admin.tenant.id,
        filter: [],
        top: 100,
        ...(after ? { afterSerial: after } : {}),
      });
      const last = found.tokens.at(-1);
      const notice =
        query.notice === "token_assigned" || query.notice === "token_activated"
          ? query.notice
          : undefined;
      return sendPage(
        web,
        request,
        reply,
        "admin-tokens",
        {
          tokens: found.tokens.map((t) => ({
            serialNumber: t.serialNumber,
            manufacturer: t.manufacturer,
            model: t.model,
            oathType: t.oathType,
            status: t.status,
            upn: t.upn,
          })),
          nextHref:
            found.more && last
              ? `/admin/tokens?${new URLSearchParams({ after: last.serialNumber })}`
              : null,
          canImport: isAllowed(admin.principal, "manageHardwareTokens"),
          canAssign: isAllowed(admin.principal, "manageMethods"),
          ...(notice ? { notice } : {}),
          ...(typeof query.error === "string" && /^[a-z_]{1,40}$/.test(query.error)
            ? { error: query.error }
            : {}),
        },
        adminPage(admin),
      );
    }),
  );

  // Multipart only here: the plugin's hooks run on every request of the context it is in, and
  // the validate API must not pay for them.
  await app.register((upload, _options, done) => {
    upload.register(multipart, { limits: { files: 1, fields: 10, fileSize: maxTokenFileBytes } });
    upload.post("/admin/tokens/import", (request, reply) => importUpload(request, reply));
    done();
  });

  const importUpload = async (request: FastifyRequest, reply: FastifyReply) => {
    // The CSRF token (read by the check) and the format come as form fields before the file, so
    // both are read before a byte of the file is.
    if (!request.isMultipart())
      throw new VarcoError("invalid_request", "send the file as multipart/form-data");
    checkUploadLength(request.headers, { multipart: true });
    const fields: Form = {};
    for await (const part of partsAfterCsrf(request)) {
      if (part.type === "field") {
        fields[part.fieldname] = String(part.value).slice(0, 200);
        continue;
      }
      const form = request as FastifyRequest & { body: Form };
      form.body = fields;
      return withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "manageHardwareTokens");
        const format: TokenCsvFormat = fields.format === "privacyidea" ? "privacyidea" : "seed";
        const id = randomUUID();
        // The reasons in the uploader's language, on the page and in the error CSV alike.
        const language = languageOf(web, request, reply);
        let errorsCsv = errorCsvHeader(format);
        const refused: AdminTokenImportModel["refused"] = [];
        const summary = await importTokens(
          ctx,
          admin.actor,
          admin.tenant,
          readTokenCsv(
            readUpload(() => part.file, "multipart/form-data"),
            format,
          ),
          {
            onRefused: (row) => {
              const line = errorCsvLine(row, language);
              if (errorsCsv.length + line.length <= maxErrorCsvBytes) errorsCsv += line;
              if (refused.length < 100) {
                refused.push({
                  line: row.line,
                  serial: row.fields[1] ?? row.fields[0] ?? "",
                  error: refusalText(row.error, language),
                });
              }
            },
          },
        );
        // Not reached: the declared length was checked before any row was read.
        if (part.file.truncated) throw new VarcoError("body_too_large");
        await keepImportOutcome(
          ctx,
          { tenantId: admin.tenant.id, userId: admin.user.id },
          { id, ...summary, refused, errorsCsv },
        );
        return seeOther(reply, `/admin/tokens/imports/${id}`);
      });
    }
    throw new VarcoError("invalid_request", "no file in the upload");
  };

  const outcomeFor = (admin: PageAdmin, id: string) =>
    findOwnImportOutcome(ctx, id.slice(0, 64), admin.user.id);

  app.get("/admin/tokens/imports/:id", { schema: { params: IdParams } }, async (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      const outcome = await outcomeFor(admin, request.params.id);
      if (!outcome) return sendAdminError(web, request, reply, admin, "not_found");
      const { id, imported, assigned, failed } = outcome;
      const refused = [...outcome.refused];
      return sendPage(
        web,
        request,
        reply,
        "admin-token-import",
        { id, imported, assigned, failed, refused },
        adminPage(admin),
      );
    }),
  );

  app.get(
    "/admin/tokens/imports/:id/errors.csv",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        const outcome = await outcomeFor(admin, request.params.id);
        if (!outcome) return sendAdminError(web, request, reply, admin, "not_found");
        return reply
          .header("content-type", "text/csv; charset=utf-8")
          .header("content-disposition", 'attachment; filename="tokens-errors.csv"')
          .header("cache-control", "no-store")
          .header("x-content-type-options", "nosniff")
          .send(outcome.errorsCsv);
      }),
  );

  const tokenAction = <F extends typeof AssignForm | typeof ActivateForm>(
    path: string,
    form: F,
    work: (admin: PageAdmin, body: Static<F>) => Promise<"token_assigned" | "token_activated">,
  ) =>
    app.post(path, { schema: { body: form } }, async (request, reply: FastifyReply) =>
      withPageAdmin(web, request, reply, async (admin) => {
        try {
          const done = await work(admin, request.body as Static<F>);
          return seeOther(reply, `/admin/tokens?notice=${done}`);
        } catch (error) {
          if (!isVarcoError(error) || error.status >= 500 || error.code === "forbidden")
            throw error;
          return seeOther(reply, `/admin/tokens?error=${error.code}`);
        }
      }),
    );

  tokenAction("/admin/tokens/assign", AssignForm, async (admin, body) => {
    const user = await findUser(ctx, admin.tenant, body.upn);
    const roles = await listRolesOf(ctx.store.db, "user", user.id);
    authorize(admin.principal, "manageMethods", { isAdmin: roles.length > 0 });
    await assignToken(ctx, admin.actor, admin.tenant, user, body.serial.trim());
    return "token_assigned";
  });
  tokenAction("/admin/tokens/activate", ActivateForm, async (admin, body) => {
    const token = await findTokenBySerial(ctx.store.db, admin.tenant.id, body.serial.trim());
    const user = token?.userId ? await findUserById(ctx.store.db, token.userId) : undefined;
    if (!token || !user) throw new VarcoError("hardware_token_not_found");
    const roles = await listRolesOf(ctx.store.db, "user", user.id);
    authorize(admin.principal, "manageMethods", { isAdmin: roles.length > 0 });
    await activateSoftwareOath(ctx, admin.actor, admin.tenant, user, {
      methodId: token.id,
      code: body.code,
    });
    return "token_activated";
  });
}
