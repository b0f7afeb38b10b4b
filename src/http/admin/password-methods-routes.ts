import type { FastifyRequest } from "fastify";
import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { resetRegistrationOf } from "../../password-reset/reset-registration.ts";
import { passwordResetMethods } from "../../policy/password-reset/password-reset-methods.ts";
import { authorize } from "../../roles/authorize.ts";
import { findTenantById } from "../../store/queries/tenants.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { Nullable } from "../contracts/nullable.ts";
import { adminOf } from "./admin-principal.ts";
import { targetUser, UserParams } from "./target-user.ts";

/** Graph's fixed id of every user's password method. */
export const passwordMethodId = "28c10230-6103-485e-b985-444c60001490";

const GraphPasswordMethod = Type.Object(
  {
    id: Type.Literal(passwordMethodId),
    password: Type.Null({ description: "Never returned, as in Graph" }),
    createdDateTime: Nullable(Type.String({ format: "date-time" })),
  },
  { description: "The user's password, as a method: never the password itself" },
);
const PasswordMethodParams = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
  passwordMethodId: Type.String({ maxLength: 100 }),
});
const ResetMethod = Type.Enum([...passwordResetMethods]);
const UserRegistrationDetails = Type.Object(
  {
    id: Type.String(),
    userPrincipalName: Type.String(),
    userDisplayName: Type.String(),
    isAdmin: Type.Boolean(),
    isSsprEnabled: Type.Boolean({ description: "The tenant lets the user reset their password" }),
    isSsprRegistered: Type.Boolean({
      description: "The user registered as many allowed reset methods as a reset takes",
    }),
    isSsprCapable: Type.Boolean({ description: "Enabled and registered: could reset now" }),
    ssprMethodsRequired: Type.Integer({ description: "Different methods a reset takes" }),
    ssprMethodsAllowed: Type.Array(ResetMethod),
    ssprMethodsRegistered: Type.Array(ResetMethod, {
      description: "Every reset method the user registered, allowed or not",
    }),
  },
  { description: "Where a user stands for self-service password reset (read only)" },
);

/**
 * `users/{id}/authentication/passwordMethods`, as Graph has it (one entry, never the password),
 * and a read-only view of a user's self-service password reset registration, shaped like
 * Graph's `reports/authenticationMethods/userRegistrationDetails`.
 */
export function registerPasswordMethodsRoutes(app: ContractApp, ctx: Context): void {
  const base = "/api/v1/users/:id/authentication/passwordMethods";
  const target = async (
    request: FastifyRequest,
    idOrUpn: string,
    action: "manageMethods" | "readReports",
  ) => {
    const admin = adminOf(request);
    const found = await targetUser(ctx, admin, idOrUpn);
    authorize(admin, action, found);
    return found.user;
  };
  const method = { id: passwordMethodId, password: null, createdDateTime: null } as const;

  app.get(
    base,
    {
      schema: {
        summary: "The user's password method",
        tags: ["methods"],
        params: UserParams,
        response: {
          200: GraphCollection(GraphPasswordMethod, "The user's one password method"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      await target(request, request.params.id, "manageMethods");
      return { value: [method] };
    },
  );

  app.get(
    `${base}/:passwordMethodId`,
    {
      schema: {
        summary: "The user's password method",
        tags: ["methods"],
        params: PasswordMethodParams,
        response: { 200: GraphPasswordMethod, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await target(request, request.params.id, "manageMethods");
      if (request.params.passwordMethodId !== passwordMethodId)
        throw new VarcoError("method_not_found");
      return method;
    },
  );

  app.get(
    "/api/v1/reports/authenticationMethods/userRegistrationDetails/:id",
    {
      schema: {
        summary: "Which methods a user registered for self-service password reset",
        tags: ["reports"],
        params: UserParams,
        response: { 200: UserRegistrationDetails, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const user = await target(request, request.params.id, "readReports");
      const tenant = await findTenantById(ctx.store.db, user.tenantId);
      if (!tenant) throw new VarcoError("user_not_found");
      const registration = await resetRegistrationOf(ctx, tenant, user);
      const registered = registration.registered.filter((m) => registration.allowed.includes(m));
      return {
        id: user.id,
        userPrincipalName: user.upn,
        userDisplayName: user.displayName,
        isAdmin: registration.administrator,
        isSsprEnabled: registration.enabled,
        isSsprRegistered: registered.length >= registration.required,
        isSsprCapable: registration.capable,
        ssprMethodsRequired: registration.required,
        ssprMethodsAllowed: [...registration.allowed],
        ssprMethodsRegistered: [...registration.registered],
      };
    },
  );
}
