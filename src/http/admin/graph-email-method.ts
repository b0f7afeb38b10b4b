import { type Static, Type } from "typebox";
import { emailMethodGraphId } from "../../methods/email/email-method-types.ts";

export const GraphEmailMethod = Type.Object(
  {
    "@odata.type": Type.Literal("#microsoft.graph.emailAuthenticationMethod"),
    id: Type.Literal(emailMethodGraphId, {
      description: "Graph's fixed id of the e-mail method: a user has one at most",
    }),
    emailAddress: Type.String({ description: "The address, as it was typed" }),
  },
  { description: "A user's authentication e-mail (self-service password reset only)" },
);

/** The address as Graph's `emailAuthenticationMethod`: the fixed id, the whole address. */
export function graphEmailMethod(method: { address: string }): Static<typeof GraphEmailMethod> {
  return {
    "@odata.type": "#microsoft.graph.emailAuthenticationMethod",
    id: emailMethodGraphId,
    emailAddress: method.address,
  };
}
