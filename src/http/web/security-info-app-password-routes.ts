import type { FastifyReply, FastifyRequest } from "fastify";
import { isVarcoError } from "../../errors/varco-error.ts";
import { createAppPassword } from "../../methods/app-password/create-app-password.ts";
import { deleteAppPassword } from "../../methods/app-password/delete-app-password.ts";
import { userActor } from "../../sign-in/user-actor.ts";
import { findAppPassword } from "../../store/queries/app-passwords.ts";
import type { AppPasswordNewModel } from "../../web/app-password-page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { IdParams, pageForm, text } from "./page-contracts.ts";
import {
  type Visitor,
  visitorNotFound,
  visitorPage,
  withRecentProof,
  withVisitor,
} from "./visitor.ts";
import { clientOf, seeOther, sendPage, type Web } from "./web-context.ts";

const NameForm = pageForm({ name: text(256) });
const NoFields = pageForm({});
const newPath = "/security-info/app-passwords/new";
const pathOf = (id: string) => `/security-info/app-passwords/${encodeURIComponent(id)}`;

/** Why an app password was not created, when it is the page's to say. */
const refusal = (error: unknown): AppPasswordNewModel["error"] | undefined => {
  if (!isVarcoError(error)) return undefined;
  const known = [
    "invalid_app_password_name",
    "app_password_name_taken",
    "too_many_app_passwords",
    "app_passwords_not_allowed",
  ] as const;
  return known.find((code) => code === error.code);
};

/**
 * Security info's app passwords: create one with a name (shown
 * once, grouped for typing), delete one after a page that asks. Both need a recent proof, as
 * every change of how one signs in (session-strength.ts), and the CSRF check every form has.
 * A tenant that does not allow app passwords gets the not-found page here, as its Security info
 * has no such section.
 */
export function registerSecurityInfoAppPasswordRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  // Where the tenant does not allow app passwords, their pages are not there.
  const changing = (
    request: FastifyRequest,
    reply: FastifyReply,
    returnTo: string,
    work: (who: Visitor) => Promise<FastifyReply>,
  ) =>
    withVisitor(web, request, reply, async (who) => {
      if (!who.tenant.policy.appPasswordsAllowed) return visitorNotFound(web, request, reply, who);
      return withRecentProof(web, reply, who, returnTo, () => work(who));
    });

  const showNew = (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    shown: { name?: string; error?: AppPasswordNewModel["error"] } = {},
  ) =>
    sendPage(
      web,
      request,
      reply,
      "app-password-new",
      {
        action: newPath,
        ...(shown.name !== undefined ? { name: shown.name } : {}),
        ...(shown.error ? { error: shown.error } : {}),
      },
      { ...visitorPage(who), status: shown.error ? 400 : 200 },
    );

  app.get(newPath, async (request, reply) =>
    changing(request, reply, newPath, async (who) => showNew(request, reply, who)),
  );

  app.post(newPath, { schema: { body: NameForm } }, async (request, reply) =>
    changing(request, reply, newPath, async (who) => {
      const { name } = request.body;
      let created: Awaited<ReturnType<typeof createAppPassword>>;
      try {
        created = await createAppPassword(
          ctx,
          userActor(who.user, clientOf(request)),
          who.tenant,
          who.user,
          { name },
        );
      } catch (error) {
        const code = refusal(error);
        if (!code) throw error;
        return showNew(request, reply, who, { name, error: code });
      }
      // Shown this once: no cache keeps the page.
      reply.header("cache-control", "no-store");
      return sendPage(
        web,
        request,
        reply,
        "app-password-created",
        {
          name: created.appPassword.name,
          password: created.password,
          continueUrl: "/security-info?notice=app_password_created",
        },
        visitorPage(who),
      );
    }),
  );

  /** Runs `work` with the user's app password `id`; the not-found page when there is none. */
  const withAppPassword = async (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    id: string,
    work: (entry: { id: string; name: string }) => Promise<FastifyReply>,
  ) => {
    const entry = await findAppPassword(ctx.store.db, who.user.id, id);
    return entry ? work(entry) : visitorNotFound(web, request, reply, who);
  };

  // Deleting asks first, on a page of its own, after the proof.
  app.get(
    "/security-info/app-passwords/:id/remove",
    { schema: { params: IdParams } },
    async (request, reply) => {
      const path = `${pathOf(request.params.id)}/remove`;
      return changing(request, reply, path, (who) =>
        withAppPassword(request, reply, who, request.params.id, async (entry) =>
          sendPage(
            web,
            request,
            reply,
            "confirm",
            { kind: "removeAppPassword", methodLabel: entry.name, action: path },
            visitorPage(who),
          ),
        ),
      );
    },
  );

  app.post(
    "/security-info/app-passwords/:id/remove",
    { schema: { params: IdParams, body: NoFields } },
    async (request, reply) =>
      changing(request, reply, "/security-info", (who) =>
        withAppPassword(request, reply, who, request.params.id, async (entry) => {
          await deleteAppPassword(ctx, userActor(who.user, clientOf(request)), who.user, entry.id);
          return seeOther(reply, "/security-info?notice=app_password_removed");
        }),
      ),
  );
}
