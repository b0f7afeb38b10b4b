/**
 * The three phones a user may have, as Microsoft Graph's `phoneMethods` names them, with the
 * fixed id Graph gives each type (a user has at most one of each, so the type is the id).
 */
export const phoneTypes = ["mobile", "alternateMobile", "office"] as const;

export type PhoneType = (typeof phoneTypes)[number];

export const phoneMethodIds: Readonly<Record<PhoneType, string>> = {
  mobile: "3179e48a-750b-4051-897c-87b9720928f7",
  alternateMobile: "b6332ec1-7057-4abe-9331-3d72feddfe41",
  office: "e37fc753-ff3b-4958-9484-eaa9425c82bc",
};

export function isPhoneType(value: unknown): value is PhoneType {
  return typeof value === "string" && (phoneTypes as readonly string[]).includes(value);
}

/** The type whose Graph id this is, or undefined. */
export function phoneTypeOfId(id: string): PhoneType | undefined {
  return phoneTypes.find((type) => phoneMethodIds[type] === id);
}

/** One of a user's phones, its number as Graph writes it (`+39 3331234567`). */
export type PhoneMethod = {
  readonly userId: string;
  readonly phoneType: PhoneType;
  readonly phoneNumber: string;
  readonly createdAt: number;
  readonly updatedAt: number;
};
