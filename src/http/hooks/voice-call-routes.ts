import type { FastifyReply, FastifyRequest } from "fastify";
import { type Static, Type } from "typebox";
import {
  recordSecondFactorFailure,
  takeSecondFactorAttempt,
} from "../../lockout/second-factor-lockout.ts";
import { callHookPaths } from "../../methods/phone/place-call.ts";
import { readPhoneSettings } from "../../phone-settings/read-phone-settings.ts";
import { verifyTwilioSignature } from "../../sender/twilio-signature.ts";
import type { CallScript } from "../../sender/voice/call-script.ts";
import { isGreetingLanguage } from "../../sender/voice/greeting-kinds.ts";
import { interpretDigits } from "../../sender/voice/interpret-digits.ts";
import { renderCallAnswer } from "../../sender/voice/render-call-answer.ts";
import { renderCallInstructions } from "../../sender/voice/render-call-instructions.ts";
import { twimlResponse } from "../../sender/voice/twiml.ts";
import { fraudReported } from "../../sign-in/events/fraud-report.ts";
import { signInMachine } from "../../sign-in/sign-in-machine.ts";
import { findPhoneMessage, setCallOutcome } from "../../store/queries/phone-messages.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import { findUserById } from "../../store/queries/users.ts";
import { listVoiceGreetings } from "../../store/queries/voice-greetings.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import type { Web } from "../web/web-context.ts";
import { voiceGreetingPath } from "./voice-greeting-routes.ts";

const CallParams = Type.Object({ id: Type.String({ maxLength: 64 }) });
/** What the provider posts: Twilio's webhook parameters (CallSid, From, To, CallStatus, Digits…). */
const ProviderForm = Type.Record(Type.String({ maxLength: 64 }), Type.String({ maxLength: 512 }), {
  maxProperties: 64,
});
type Hook = FastifyRequest<{
  Params: Static<typeof CallParams>;
  Body: Static<typeof ProviderForm>;
}>;

const finalStatuses = new Set(["completed", "busy", "no-answer", "failed", "canceled"]);

/**
 * The telephony provider's callbacks for a call placed at sign-in (place-call.ts): the call's
 * instructions when the user answers, the keys pressed, the call's end. Each one is signed with
 * the tenant's auth token over the address Varco gave and the parameters posted
 * (twilio-signature.ts); an unsigned or wrongly signed request is refused with 403 and changes
 * nothing, so no digit is ever taken from anyone but the provider. What the user pressed is
 * recorded once (setCallOutcome); the fraud code reports the sign-in through the sign-in machine,
 * as "I didn't try to sign in" does (a validate challenge's call, which has no sign-in, makes the
 * same report); a denial counts towards the user's lockout (seed 001: MFA
 * denials that trigger the lockout).
 */
export function registerVoiceCallRoutes(app: ContractApp, web: Web): void {
  const { ctx } = web;
  const schema = { hide: true, params: CallParams, body: ProviderForm };
  const base = () => (ctx.phone?.publicUrl ?? "").replace(/\/+$/, "");

  /** The call and its tenant's settings, when the request is the provider's own; else a 403. */
  const verified = async (request: Hook, reply: FastifyReply) => {
    const row = await findPhoneMessage(ctx.store.db, request.params.id);
    const settings =
      row?.channel === "voice" ? await readPhoneSettings(ctx, row.tenant_id) : undefined;
    const token = settings?.voiceProvider?.authToken;
    const url = `${base()}${request.url}`;
    const signature = request.headers["x-twilio-signature"];
    if (
      !row ||
      !settings ||
      !token ||
      !verifyTwilioSignature(
        token,
        url,
        request.body,
        typeof signature === "string" ? signature : undefined,
      )
    ) {
      reply.status(403).type("text/plain; charset=utf-8").send("forbidden");
      return undefined;
    }
    return { row, settings };
  };

  const scriptOf = async (
    row: { tenant_id: string; language: string | null },
    fraudCode: string,
  ) => {
    const tenant = await findTenantById(ctx.store.db, row.tenant_id);
    const language = row.language && isGreetingLanguage(row.language) ? row.language : "it";
    const recordings: Record<string, string> = {};
    for (const greeting of await listVoiceGreetings(ctx.store.db, row.tenant_id)) {
      if (greeting.language === language)
        recordings[greeting.kind] =
          `${base()}${voiceGreetingPath(row.tenant_id, language, greeting.kind)}`;
    }
    return { language, tenantName: tenant?.displayName ?? "", fraudCode, recordings } as CallScript;
  };

  const twiml = (reply: FastifyReply, xml: string) =>
    reply.type("text/xml; charset=utf-8").header("cache-control", "no-store").send(xml);

  app.post("/hooks/voice/calls/:id/instructions", { schema }, async (request, reply) => {
    const call = await verified(request, reply);
    if (!call) return reply;
    if (call.row.status !== "calling") return twiml(reply, twimlResponse("<Hangup/>"));
    const script = await scriptOf(call.row, call.settings.fraudCode);
    const digitsUrl = `${base()}${callHookPaths(call.row.id).digits}`;
    return twiml(reply, renderCallInstructions({ ...script, digitsUrl }));
  });

  app.post("/hooks/voice/calls/:id/digits", { schema }, async (request, reply) => {
    const call = await verified(request, reply);
    if (!call) return reply;
    const { row, settings } = call;
    const tenant = await findTenantById(ctx.store.db, row.tenant_id);
    const pressed = interpretDigits(request.body.Digits ?? "", settings.fraudCode);
    // Without reporting on, the fraud code refuses the call and reports nothing.
    const answer =
      pressed === "fraud" && !tenant?.policy.reportSuspiciousActivity ? "deny" : pressed;
    const outcome = answer === "approve" ? "approved" : answer === "fraud" ? "fraud" : "denied";
    const now = ctx.now();
    const recorded = await setCallOutcome(ctx.store.db, {
      id: row.id,
      outcome,
      detail: "keys",
      now,
    });
    const client = { ip: null, userAgent: "phone call" };
    if (recorded && tenant && outcome === "fraud" && row.pending_sign_in_id) {
      await signInMachine.advanceFromCall(ctx, {
        pendingSignInId: row.pending_sign_in_id,
        event: { type: "fraudReport" },
        client,
      });
    } else if (recorded && tenant && outcome === "fraud") {
      // A validate challenge's call: no sign-in to end, the report itself as the page's.
      const user = await findUserById(ctx.store.db, row.user_id);
      if (user) {
        const report = fraudReported(ctx, tenant, user, client);
        await ctx.store.transaction((tx) => report.effects(tx));
        const mailError = await report.afterCommit();
        if (mailError) request.log.error({ err: mailError }, "fraud notification not sent");
      }
    }
    if (recorded && tenant && outcome === "denied") {
      const ticket = await takeSecondFactorAttempt(ctx.store.db, now, tenant.policy, row.user_id);
      if (ticket.allowed)
        await recordSecondFactorFailure(
          ctx.store.db,
          now,
          tenant.policy,
          row.user_id,
          ticket.attempt,
        );
    }
    request.log.info({ callId: row.id, outcome, recorded }, "phone call answered");
    return twiml(reply, renderCallAnswer(answer, await scriptOf(row, settings.fraudCode)));
  });

  app.post("/hooks/voice/calls/:id/status", { schema }, async (request, reply) => {
    const call = await verified(request, reply);
    if (!call) return reply;
    const status = request.body.CallStatus ?? "";
    if (finalStatuses.has(status)) {
      // Hung up or not answered before a key: the call denies (recorded only while it rang).
      await setCallOutcome(ctx.store.db, {
        id: call.row.id,
        outcome: "denied",
        detail: status.slice(0, 20),
        now: ctx.now(),
      });
    }
    return twiml(reply, twimlResponse(""));
  });
}
