import { type Static, Type } from "typebox";
import type { Context } from "../../context.ts";
import type { User } from "../../directory/types.ts";
import {
  graphPreferredMethodOf,
  graphPreferredMethods,
  preferenceOfGraph,
} from "../../methods/graph-preferred-method.ts";
import { setPreferredMethod } from "../../methods/set-preferred-method.ts";
import { listMethods } from "../../store/queries/methods.ts";
import { listPhoneMethods } from "../../store/queries/phone-methods.ts";
import { findUserById } from "../../store/queries/users.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { methodsTarget, UserParams } from "./target-user.ts";

const PreferredMethod = Type.Union([Type.Enum([...graphPreferredMethods]), Type.Null()], {
  description:
    "The method offered first at sign-in: oath (the default app), sms (the mobile, or the alternate mobile when it is the only one), voiceMobile, voiceAlternateMobile, voiceOffice; null when the user has none",
});

const SignInPreferences = Type.Object(
  {
    "@odata.type": Type.Literal("#microsoft.graph.signInPreferences"),
    userPreferredMethodForSecondaryAuthentication: PreferredMethod,
    isSystemPreferredAuthenticationMethodEnabled: Type.Boolean({
      description: "Always false: Varco offers the method the user (or an administrator) chose",
    }),
  },
  { description: "How the user signs in by default" },
);

const UpdatePreferences = Type.Object(
  {
    userPreferredMethodForSecondaryAuthentication: Type.String({
      maxLength: 64,
      description:
        "oath, sms, voiceMobile, voiceAlternateMobile or voiceOffice; another value is refused with invalid_preferred_method",
    }),
  },
  { additionalProperties: false },
);

/**
 * `users/{id}/authentication/signInPreferences`, as Graph has it: the method offered first at
 * sign-in, an app or one of the user's phones. Reading and changing take manageMethods, like
 * phoneMethods: the preference names the user's phones.
 */
export function registerSignInPreferencesRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["methods"];
  const path = "/api/v1/users/:id/authentication/signInPreferences";

  const preferencesOf = async (user: User): Promise<Static<typeof SignInPreferences>> => {
    const methods = await listMethods(ctx.store.db, user.id);
    return {
      "@odata.type": "#microsoft.graph.signInPreferences",
      userPreferredMethodForSecondaryAuthentication: graphPreferredMethodOf(
        user.preferredPhoneMethod,
        methods.some((m) => m.state === "active"),
      ),
      isSystemPreferredAuthenticationMethodEnabled: false,
    };
  };

  app.get(
    path,
    {
      schema: {
        summary: "The user's default method",
        tags,
        params: UserParams,
        response: { 200: SignInPreferences, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      return preferencesOf(user);
    },
  );

  app.patch(
    path,
    {
      schema: {
        summary: "Change the user's default method",
        description:
          "404 preferred_phone_not_found when the user has no such phone; 400 invalid_preferred_method for a value Graph does not have. oath makes the default app the default method again.",
        tags,
        params: UserParams,
        body: UpdatePreferences,
        response: { 200: SignInPreferences, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      const phones = await listPhoneMethods(ctx.store.db, user.id);
      const asked = request.body.userPreferredMethodForSecondaryAuthentication;
      await setPreferredMethod(ctx, admin.actor, user, preferenceOfGraph(asked, phones));
      return preferencesOf((await findUserById(ctx.store.db, user.id)) ?? user);
    },
  );
}
