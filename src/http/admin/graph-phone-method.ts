import { type Static, Type } from "typebox";
import { type PhoneMethod, phoneMethodIds, phoneTypes } from "../../methods/phone/phone-types.ts";

export const PhoneTypeField = Type.Enum([...phoneTypes], {
  description: "At most one phone of each type",
});

export const GraphPhoneMethod = Type.Object(
  {
    "@odata.type": Type.Literal("#microsoft.graph.phoneAuthenticationMethod"),
    id: Type.Enum(
      phoneTypes.map((type) => phoneMethodIds[type]),
      {
        description: "Graph's fixed id of the phone's type",
      },
    ),
    phoneNumber: Type.String({ description: "`+CountryCode Number`, one space" }),
    phoneType: PhoneTypeField,
  },
  { description: "A user's phone" },
);

/** A phone as Graph's `phoneAuthenticationMethod`: its type's fixed id, the whole number. */
export function graphPhoneMethod(method: PhoneMethod): Static<typeof GraphPhoneMethod> {
  return {
    "@odata.type": "#microsoft.graph.phoneAuthenticationMethod",
    id: phoneMethodIds[method.phoneType],
    phoneNumber: method.phoneNumber,
    phoneType: method.phoneType,
  };
}
