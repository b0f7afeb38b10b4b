import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { regenerateBackupCodes } from "../../methods/backup-codes/regenerate.ts";
import { removePasskey } from "../../methods/passkey/remove-passkey.ts";
import { renamePasskey } from "../../methods/passkey/rename-passkey.ts";
import {
  registerPasskeyForSession,
  sessionRegistrationOptions,
} from "../../methods/passkey/session-ceremonies.ts";
import { passkeyRegistrationErrors } from "../../sign-in/types.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { findPasskeyCredential } from "../../store/queries/passkeys.ts";
import type { PasskeyNewModel } from "../../web/passkey-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { IdParams, optionalText, pageForm, text } from "./page-contracts.ts";
import { sessionJson } from "./passkey-session-options.ts";
import {
  type Visitor,
  visitorNotFound,
  visitorPage,
  withProvenVisitor,
  withVisitor,
} from "./visitor.ts";
import { clientOf, seeOther, sendPage, type Web } from "./web-context.ts";
import { attestationOf, WebauthnAnswer } from "./webauthn-answer.ts";

const NewPasskeyForm = pageForm({ response: WebauthnAnswer, name: optionalText(64) });
const NameForm = pageForm({ name: text(256) });
const NoFields = pageForm({});
const newPath = "/security-info/passkeys/new";
const pathOf = (id: string) => `/security-info/passkeys/${encodeURIComponent(id)}`;

/** Why a key was not added, when it is the page's to say. */
const refusal = (error: unknown): PasskeyNewModel["error"] | undefined => {
  if (!isVarcoError(error)) return undefined;
  const known = [...passkeyRegistrationErrors, "invalid_passkey_name"] as const;
  return known.find((code) => code === error.code);
};

/**
 * Security info's passkeys and security keys: add one (the options bound to the session, the
 * browser's answer checked as at sign-in), rename, delete. Adding and deleting need a recent
 * proof, as for every method (session-strength.ts); renaming changes no way to sign in.
 */
export function registerSecurityInfoPasskeyRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;

  const showNew = (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    shown: { name?: string; error?: PasskeyNewModel["error"] } = {},
  ) =>
    sendPage(
      web,
      request,
      reply,
      "passkey-new",
      {
        action: newPath,
        optionsUrl: "/security-info/passkeys/options",
        optionsFields: "_csrf",
        ...(shown.name ? { name: shown.name } : {}),
        ...(shown.error ? { error: shown.error } : {}),
      },
      { ...visitorPage(who), status: shown.error ? 400 : 200 },
    );

  app.get(newPath, async (request, reply) =>
    withProvenVisitor(web, request, reply, newPath, async (who) => showNew(request, reply, who)),
  );

  // The script's call (passkey.js), a page POST like any other: the CSRF check comes first.
  app.post(
    "/security-info/passkeys/options",
    { schema: { body: NoFields } },
    async (request, reply) =>
      sessionJson(web, request, reply, newPath, async (who) => ({
        ceremony: "create" as const,
        options: { ...(await sessionRegistrationOptions(ctx, who)) },
      })),
  );

  app.post(newPath, { schema: { body: NewPasskeyForm } }, async (request, reply) =>
    withProvenVisitor(web, request, reply, newPath, async (who) => {
      const name = request.body.name ?? "";
      const response = attestationOf(request.body.response);
      if (!response)
        return showNew(request, reply, who, { name, error: "invalid_webauthn_response" });
      const actor = userActor(who.user, clientOf(request));
      try {
        await registerPasskeyForSession(ctx, actor, who, { response, name });
      } catch (error) {
        const code = refusal(error);
        if (!code) throw error;
        return showNew(request, reply, who, { name, error: code });
      }
      if ((await countUnusedBackupCodes(ctx.store.db, who.user.id)) === 0) {
        const codes = await regenerateBackupCodes(ctx, actor, who.user);
        const continueUrl = "/security-info?notice=passkey_added";
        return sendPage(
          web,
          request,
          reply,
          "backup-codes",
          { codes, continueUrl },
          visitorPage(who),
        );
      }
      return seeOther(reply, "/security-info?notice=passkey_added");
    }),
  );

  /** Runs `work` with the user's key `id`; the not-found page when they have none by that id. */
  const withKey = async (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    id: string,
    work: (key: { id: string; name: string }) => Promise<FastifyReply>,
  ) => {
    const key = await findPasskeyCredential(ctx.store.db, who.user.id, id);
    return key ? work(key) : visitorNotFound(web, request, reply, who);
  };

  app.get(
    "/security-info/passkeys/:id/rename",
    { schema: { params: IdParams } },
    async (request, reply) =>
      withVisitor(web, request, reply, (who) =>
        withKey(request, reply, who, request.params.id, async (key) =>
          sendPage(
            web,
            request,
            reply,
            "passkey-rename",
            { action: `${pathOf(key.id)}/rename`, name: key.name },
            visitorPage(who),
          ),
        ),
      ),
  );

  app.post(
    "/security-info/passkeys/:id/rename",
    { schema: { params: IdParams, body: NameForm } },
    async (request, reply) =>
      withVisitor(web, request, reply, (who) =>
        withKey(request, reply, who, request.params.id, async (key) => {
          const { name } = request.body;
          try {
            await renamePasskey(ctx, userActor(who.user, clientOf(request)), who.user, {
              id: key.id,
              name,
            });
          } catch (error) {
            if (!isVarcoError(error, "invalid_passkey_name")) throw error;
            const model = {
              action: `${pathOf(key.id)}/rename`,
              name,
              error: "invalid_passkey_name" as const,
            };
            return sendPage(web, request, reply, "passkey-rename", model, {
              ...visitorPage(who),
              status: 400,
            });
          }
          return seeOther(reply, "/security-info?notice=passkey_renamed");
        }),
      ),
  );

  // Deleting asks first, on a page of its own (security-info-confirm-routes.ts), after the proof.
  app.get(
    "/security-info/passkeys/:id/remove",
    { schema: { params: IdParams } },
    async (request, reply) => {
      const path = `${pathOf(request.params.id)}/remove`;
      return withProvenVisitor(web, request, reply, path, (who) =>
        withKey(request, reply, who, request.params.id, async (key) =>
          sendPage(
            web,
            request,
            reply,
            "confirm",
            { kind: "removePasskey", methodLabel: key.name, action: path },
            visitorPage(who),
          ),
        ),
      );
    },
  );

  app.post(
    "/security-info/passkeys/:id/remove",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      withProvenVisitor(web, request, reply, "/security-info", (who) =>
        withKey(request, reply, who, request.params.id, async (key) => {
          await removePasskey(ctx, userActor(who.user, clientOf(request)), who.user, key.id);
          return seeOther(reply, "/security-info?notice=passkey_removed");
        }),
      ),
  );
}
