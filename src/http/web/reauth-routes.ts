import type { FastifyReply, FastifyRequest } from "fastify";
import { confirmPassword } from "../../sign-in/confirm-password.ts";
import { proveFactorAgain } from "../../sign-in/step-up.ts";
import { countUnusedBackupCodes } from "../../store/queries/backup-codes.ts";
import { listActiveOathSecrets } from "../../store/queries/methods.ts";
import { countPasskeyCredentials } from "../../store/queries/passkeys.ts";
import type { ReauthModel } from "../../web/page-models.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { optionalText, pageForm, pageQuery } from "./page-contracts.ts";
import {
  hasMethodToProve,
  secondFactorOnly,
  type Visitor,
  visitorPage,
  withVisitor,
} from "./visitor.ts";
import { clientOf, seeOther, sendPage, type Web } from "./web-context.ts";

const ReauthQuery = pageQuery({ returnTo: optionalText(2048), passkey: optionalText(16) });
const ProofForm = pageForm({
  returnTo: optionalText(2048),
  methodId: optionalText(64),
  code: optionalText(64),
  backupCode: optionalText(64),
  password: optionalText(1024),
});

/** Only paths of this site, so the page cannot send anyone elsewhere. */
export const localPath = (value: unknown) =>
  typeof value === "string" && /^\/[A-Za-z0-9/_?=&%.+,~-]*$/.test(value) && !value.startsWith("//")
    ? value
    : "/security-info";

/**
 * "Confirm it's you" before a sensitive act (session-strength.ts): a code from one of the user's
 * methods or a backup code, with the same lockout as at sign-in; the password only for a user who
 * has no method yet and is adding the first.
 */
export function registerReauthRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const show = (
    request: FastifyRequest,
    reply: FastifyReply,
    who: Visitor,
    returnTo: string,
    options: ReauthShown = {},
  ) => showReauth(web, request, reply, who, returnTo, options);

  app.get("/reauth", { schema: { querystring: ReauthQuery } }, async (request, reply) =>
    withVisitor(web, request, reply, (who) =>
      show(request, reply, who, localPath(request.query.returnTo), {
        passkeyRequired: request.query.passkey === "required",
      }),
    ),
  );

  app.post("/reauth", { schema: { body: ProofForm } }, async (request, reply) =>
    withVisitor(web, request, reply, async (who) => {
      const returnTo = localPath(request.body.returnTo);
      const client = clientOf(request);
      const { backupCode = "", methodId = "", password = "" } = request.body;
      const code = (request.body.code ?? "").trim();
      if (await hasMethodToProve(ctx, who.user.id)) {
        if (!backupCode && !code)
          return show(request, reply, who, returnTo, { error: "invalid_code", status: 400 });
        const outcome = await proveFactorAgain(
          ctx,
          who,
          backupCode
            ? { kind: "backupCode", code: backupCode }
            : { kind: "code", code, methodId: methodId || undefined },
          client,
        );
        if (outcome.kind === "proven") return seeOther(reply, returnTo);
        if (outcome.kind === "locked") {
          return sendPage(
            web,
            request,
            reply,
            "locked",
            { until: outcome.until, helpdeskContact: who.tenant.policy.helpdeskContact },
            { ...visitorPage(who), status: 423 },
          );
        }
        return show(request, reply, who, returnTo, {
          error: "invalid_code",
          status: 401,
          methodId,
        });
      }
      // No method yet: the password, for the first one.
      const outcome = await confirmPassword(ctx, who, password, client);
      if (outcome === "confirmed") return seeOther(reply, returnTo);
      return show(request, reply, who, returnTo, {
        error: "invalid_credentials",
        status: outcome === "throttled" ? 429 : 401,
      });
    }),
  );
}

export type ReauthShown = {
  error?: ReauthModel["error"];
  status?: number;
  methodId?: string;
  /** Only a passkey will do (the admin pages, under phishing-resistant MFA: admin-context.ts). */
  passkeyRequired?: boolean;
};

/** The /reauth page: what the user can prove again (passkey first, when they have one). */
export async function showReauth(
  web: Web,
  request: FastifyRequest,
  reply: FastifyReply,
  who: Visitor,
  returnTo: string,
  options: ReauthShown = {},
): Promise<FastifyReply> {
  const db = web.ctx.store.db;
  const [methods, backupCodesLeft, passkeys] = await Promise.all([
    listActiveOathSecrets(db, who.user.id),
    countUnusedBackupCodes(db, who.user.id),
    countPasskeyCredentials(db, who.user.id),
  ]);
  const passkey = passkeys > 0 && web.ctx.relyingParty !== undefined;
  const hasMethod = methods.length > 0 || backupCodesLeft > 0 || passkey;
  const proof: ReauthModel["proof"] = hasMethod
    ? "code"
    : secondFactorOnly(returnTo)
      ? "register_first"
      : "password";
  return sendPage(
    web,
    request,
    reply,
    "reauth",
    {
      returnTo,
      proof,
      methods: methods.map(({ id, label }) => ({ id, label })),
      selectedMethodId: options.methodId ?? methods[0]?.id ?? "",
      backupCodesLeft,
      ...(passkey ? { passkey } : {}),
      ...(options.passkeyRequired ? { passkeyRequired: true } : {}),
      ...(options.error ? { error: options.error } : {}),
    },
    { ...visitorPage(who), status: options.status ?? 200 },
  );
}
