import multipart from "@fastify/multipart";
import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError, VarcoError } from "../../errors/varco-error.ts";
import { authorize, isAllowed } from "../../roles/authorize.ts";
import { maxGreetingBytes } from "../../sender/voice/check-greeting.ts";
import { defaultGreetingScript } from "../../sender/voice/default-scripts.ts";
import { defaultFraudCode } from "../../sender/voice/fraud-code.ts";
import {
  type GreetingKind,
  type GreetingLanguage,
  greetingKinds,
  greetingLanguages,
  isGreetingKind,
  isGreetingLanguage,
} from "../../sender/voice/greeting-kinds.ts";
import { listVoiceGreetings } from "../../store/queries/voice-greetings.ts";
import { deleteVoiceGreeting } from "../../voice-greetings/delete-voice-greeting.ts";
import { setVoiceGreeting } from "../../voice-greetings/set-voice-greeting.ts";
import type { AdminVoiceGreetingsModel } from "../../web/admin-voice-greetings-model.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { voiceGreetingPath } from "../hooks/voice-greeting-routes.ts";
import { readUpload } from "../read-upload.ts";
import { adminPage, type PageAdmin, withPageAdmin } from "./admin-context.ts";
import { partsAfterCsrf } from "./csrf-check.ts";
import { optionalText, pageForm, pageQuery, text } from "./page-contracts.ts";
import { seeOther, sendPage, type Web } from "./web-context.ts";

const DeleteForm = pageForm({ language: text(8), kind: text(40) });
const NoticeQuery = pageQuery({ notice: optionalText(40) });

type Refusal = NonNullable<AdminVoiceGreetingsModel["error"]>;
const refusals: ReadonlySet<string> = new Set<Refusal>([
  "greeting_too_large",
  "greeting_too_long",
  "greeting_format",
]);
const notices: ReadonlySet<string> = new Set(["voice_greeting_saved", "voice_greeting_deleted"]);

/**
 * `/admin/voice-greetings` (Entra's "Phone call settings", "Custom greetings"): per language,
 * every greeting kind with the tenant's recording or the default script a call speaks instead;
 * an Authentication Policy Administrator (or a Global Administrator) uploads and deletes them,
 * other administrators who read the policy see the page without its forms. A refused file is
 * shown with its reason and changes nothing. The upload is multipart, its CSRF token first
 * (csrf-check.ts), then the language and the kind, then the file.
 */
export async function registerAdminVoiceGreetingsRoutes(app: ContractApp, web: Web): Promise<void> {
  const { ctx } = web;

  const showGreetings = async (
    request: FastifyRequest,
    reply: FastifyReply,
    admin: PageAdmin,
    shown: {
      notice?: AdminVoiceGreetingsModel["notice"];
      error?: Refusal;
      selected?: { language: GreetingLanguage; kind: GreetingKind };
      status?: number;
    },
  ) => {
    const stored = await listVoiceGreetings(ctx.store.db, admin.tenant.id);
    const facts = { tenantName: admin.tenant.displayName, fraudCode: defaultFraudCode };
    const { status = 200, selected, ...messages } = shown;
    const model: AdminVoiceGreetingsModel = {
      languages: greetingLanguages.map((language) => ({
        language,
        greetings: greetingKinds.map((kind) => {
          const recording = stored.find((g) => g.language === language && g.kind === kind);
          return {
            kind,
            script: defaultGreetingScript(kind, language, facts),
            ...(recording
              ? {
                  recording: {
                    contentType: recording.contentType,
                    durationMs: recording.durationMs,
                    size: recording.size,
                    createdAt: recording.createdAt,
                    url: `${voiceGreetingPath(admin.tenant.id, language, kind)}?v=${recording.createdAt}`,
                  },
                }
              : {}),
          };
        }),
      })),
      kinds: [...greetingKinds],
      selected: selected ?? { language: greetingLanguages[0], kind: "fraudGreeting" },
      readOnly: !isAllowed(admin.principal, "writePolicy"),
      ...messages,
    };
    return sendPage(web, request, reply, "admin-voice-greetings", model, {
      ...adminPage(admin),
      status,
    });
  };

  app.get("/admin/voice-greetings", { schema: { querystring: NoticeQuery } }, (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "readPolicy");
      const notice = request.query.notice;
      return showGreetings(
        request,
        reply,
        admin,
        notice !== undefined && notices.has(notice)
          ? { notice: notice as AdminVoiceGreetingsModel["notice"] }
          : {},
      );
    }),
  );

  app.post("/admin/voice-greetings/delete", { schema: { body: DeleteForm } }, (request, reply) =>
    withPageAdmin(web, request, reply, async (admin) => {
      authorize(admin.principal, "writePolicy");
      await deleteVoiceGreeting(ctx, admin.actor, admin.tenant, request.body);
      return seeOther(reply, "/admin/voice-greetings?notice=voice_greeting_deleted");
    }),
  );

  // Multipart only here: its hooks stay off every other route. One byte over the limit is
  // enough to know the greeting is too large.
  await app.register((upload, _options, done) => {
    upload.register(multipart, {
      limits: { files: 1, fields: 3, fileSize: maxGreetingBytes + 1 },
    });
    upload.post("/admin/voice-greetings", (request, reply) => uploadGreeting(request, reply));
    done();
  });

  const uploadGreeting = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!request.isMultipart())
      throw new VarcoError("invalid_request", "send the greeting as multipart/form-data");
    // Refused by its declared size before it is read: no greeting needs more than this.
    const declared = request.headers["content-length"];
    if (declared === undefined) throw new VarcoError("length_required", "send a Content-Length");
    if (Number(declared) > maxGreetingBytes + 16 * 1024) {
      throw new VarcoError("body_too_large", `a greeting has at most ${maxGreetingBytes} bytes`);
    }
    const fields: Record<string, string> = {};
    for await (const part of partsAfterCsrf(request)) {
      if (part.type === "field") {
        if (typeof part.value === "string") fields[part.fieldname] = part.value;
        continue;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of readUpload(() => part.file, "multipart/form-data")) {
        chunks.push(chunk as Buffer);
      }
      const bytes = Buffer.concat(chunks);
      const language = fields.language ?? "";
      const kind = fields.kind ?? "";
      return withPageAdmin(web, request, reply, async (admin) => {
        authorize(admin.principal, "writePolicy");
        try {
          await setVoiceGreeting(ctx, admin.actor, admin.tenant, {
            language,
            kind,
            bytes,
            fileName: part.filename,
          });
        } catch (error) {
          if (isVarcoError(error) && refusals.has(error.code)) {
            const selected =
              isGreetingLanguage(language) && isGreetingKind(kind) ? { language, kind } : undefined;
            return showGreetings(request, reply, admin, {
              error: error.code as Refusal,
              ...(selected ? { selected } : {}),
              status: 400,
            });
          }
          throw error;
        }
        return seeOther(reply, "/admin/voice-greetings?notice=voice_greeting_saved");
      });
    }
    throw new VarcoError("invalid_request", "no file in the upload");
  };
}
