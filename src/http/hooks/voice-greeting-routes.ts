import { Type } from "typebox";
import { isGreetingKind, isGreetingLanguage } from "../../sender/voice/greeting-kinds.ts";
import type { Db } from "../../store/open-store.ts";
import { findVoiceGreeting } from "../../store/queries/voice-greetings.ts";
import type { ContractApp } from "../contracts/contract-app.ts";

const GreetingParams = Type.Object({
  tenantId: Type.String(),
  language: Type.String(),
  kind: Type.String(),
});

/** The path a tenant's recording is served at; the call's instructions name it absolute. */
export const voiceGreetingPath = (tenantId: string, language: string, kind: string) =>
  `/hooks/voice/greetings/${encodeURIComponent(tenantId)}/${language}/${kind}`;

/**
 * `GET /hooks/voice/greetings/{tenantId}/{language}/{kind}`: a tenant's custom greeting, for the
 * voice provider to play (`<Play>`) and the admin page's link. Greetings are not secret, so no
 * sign-in is asked; anything not found (tenant, language, kind, or no recording) is the same 404,
 * which does not say which. The audio goes with the type its check found and `nosniff`.
 */
export function registerVoiceGreetingRoutes(app: ContractApp, db: Db): void {
  app.get(
    "/hooks/voice/greetings/:tenantId/:language/:kind",
    { schema: { hide: true, params: GreetingParams } },
    async (request, reply) => {
      const { tenantId, language, kind } = request.params;
      const greeting =
        tenantId.length <= 100 && isGreetingLanguage(language) && isGreetingKind(kind)
          ? await findVoiceGreeting(db, tenantId, language, kind)
          : undefined;
      const answer = reply
        .header("x-content-type-options", "nosniff")
        .header("content-security-policy", "default-src 'none'; sandbox")
        .header("cache-control", "no-cache");
      if (!greeting) return answer.status(404).type("text/plain; charset=utf-8").send("not found");
      return answer.type(greeting.contentType).send(greeting.audio);
    },
  );
}
