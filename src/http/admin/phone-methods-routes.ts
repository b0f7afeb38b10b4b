import { Type } from "typebox";
import type { Context } from "../../context.ts";
import { VarcoError } from "../../errors/varco-error.ts";
import { addPhoneMethod } from "../../methods/phone/add-phone-method.ts";
import { removePhoneMethod } from "../../methods/phone/delete-phone-method.ts";
import { type PhoneType, phoneTypeOfId, phoneTypes } from "../../methods/phone/phone-types.ts";
import { updatePhoneMethod } from "../../methods/phone/update-phone-method.ts";
import { findPhoneMethod, listPhoneMethods } from "../../store/queries/phone-methods.ts";
import type { ContractApp } from "../contracts/contract-app.ts";
import { errorResponses } from "../contracts/error-body.ts";
import { GraphCollection } from "../contracts/graph-collection.ts";
import { NoContent } from "../contracts/no-content.ts";
import { GraphPhoneMethod, graphPhoneMethod, PhoneTypeField } from "./graph-phone-method.ts";
import { methodsTarget, UserParams } from "./target-user.ts";

const PhoneNumber = Type.String({
  maxLength: 64,
  description:
    "With + and the country code (`+39 333 1234567`); stored and returned as `+39 3331234567`, an extension dropped",
});
const AddPhone = Type.Object(
  { phoneNumber: PhoneNumber, phoneType: PhoneTypeField },
  { additionalProperties: false },
);
const UpdatePhone = Type.Object(
  {
    phoneNumber: PhoneNumber,
    phoneType: Type.Optional(
      Type.Enum([...phoneTypes], { description: "The id's type, if given" }),
    ),
  },
  { additionalProperties: false },
);
const PhoneParams = Type.Object({
  id: Type.String({ description: "The user's id, or user principal name" }),
  phoneMethodId: Type.String({ description: "Graph's fixed id of the phone's type" }),
});

/** The type the path's id names; an unknown id is a phone the user does not have. */
function typeOfPathId(id: string): PhoneType {
  const type = phoneTypeOfId(id);
  if (!type) throw new VarcoError("phone_method_not_found");
  return type;
}

/**
 * `users/{id}/authentication/phoneMethods`, as Graph has it: a user's phones (at most one each
 * of mobile, alternateMobile, office), each under its type's fixed id. Reading and changing both
 * take manageMethods, like the other method routes: the full number is personal data.
 */
export function registerPhoneMethodsRoutes(app: ContractApp, ctx: Context): void {
  const tags = ["methods"];
  const base = "/api/v1/users/:id/authentication/phoneMethods";

  app.get(
    base,
    {
      schema: {
        summary: "The user's phones",
        tags,
        params: UserParams,
        response: {
          200: GraphCollection(GraphPhoneMethod, "The user's phones: none to three"),
          ...errorResponses(401, 403, 404),
        },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      return { value: (await listPhoneMethods(ctx.store.db, user.id)).map(graphPhoneMethod) };
    },
  );

  app.post(
    base,
    {
      schema: {
        summary: "Add a phone of a type the user does not have yet",
        tags,
        params: UserParams,
        body: AddPhone,
        response: { 201: GraphPhoneMethod, ...errorResponses(400, 401, 403, 404, 409, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      const added = await addPhoneMethod(ctx, admin.actor, user, request.body);
      return reply.status(201).send(graphPhoneMethod(added));
    },
  );

  app.get(
    `${base}/:phoneMethodId`,
    {
      schema: {
        summary: "One of the user's phones",
        tags,
        params: PhoneParams,
        response: { 200: GraphPhoneMethod, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { user } = await methodsTarget(ctx, request, request.params.id);
      const phoneType = typeOfPathId(request.params.phoneMethodId);
      const phone = await findPhoneMethod(ctx.store.db, user.id, phoneType);
      if (!phone) throw new VarcoError("phone_method_not_found");
      return graphPhoneMethod(phone);
    },
  );

  app.patch(
    `${base}/:phoneMethodId`,
    {
      schema: {
        summary: "Change a phone's number",
        tags,
        params: PhoneParams,
        body: UpdatePhone,
        response: { 204: NoContent, ...errorResponses(400, 401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      const phoneType = typeOfPathId(request.params.phoneMethodId);
      if (request.body.phoneType !== undefined && request.body.phoneType !== phoneType)
        throw new VarcoError("invalid_phone_type", "phoneType differs from the id's type");
      await updatePhoneMethod(ctx, admin.actor, user, {
        phoneType,
        phoneNumber: request.body.phoneNumber,
      });
      return reply.status(204).send();
    },
  );

  app.delete(
    `${base}/:phoneMethodId`,
    {
      schema: {
        summary: "Delete a phone",
        tags,
        params: PhoneParams,
        response: { 204: NoContent, ...errorResponses(401, 403, 404, 413, 415) },
      },
    },
    async (request, reply) => {
      const { admin, user } = await methodsTarget(ctx, request, request.params.id);
      await removePhoneMethod(ctx, admin.actor, user, typeOfPathId(request.params.phoneMethodId));
      return reply.status(204).send();
    },
  );
}
