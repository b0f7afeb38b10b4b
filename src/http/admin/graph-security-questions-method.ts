import { type Static, Type } from "typebox";
import { DateTime, isoTime } from "../contracts/nullable.ts";

/** The one id of a user's security questions: the set is registered and removed as a whole. */
export const securityQuestionsMethodId = "securityQuestions";

/**
 * A user's security questions as a method (Graph has no type for them: the type is Varco's):
 * that they are registered and when. Never which questions, nor an answer (no
 * administrator reads them).
 */
export const GraphSecurityQuestionsMethod = Type.Object(
  {
    "@odata.type": Type.Literal("#varco.securityQuestionsAuthenticationMethod"),
    id: Type.Literal(securityQuestionsMethodId, {
      description: "Always securityQuestions: the set is one method",
    }),
    createdDateTime: DateTime,
  },
  {
    description:
      "The user registered security questions (password reset only); never the questions or the answers",
  },
);

export function graphSecurityQuestionsMethod(
  registeredAt: number,
): Static<typeof GraphSecurityQuestionsMethod> {
  return {
    "@odata.type": "#varco.securityQuestionsAuthenticationMethod",
    id: securityQuestionsMethodId,
    createdDateTime: isoTime(registeredAt),
  };
}
