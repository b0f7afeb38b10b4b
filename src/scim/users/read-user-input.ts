import { VarcoError } from "../../errors/varco-error.ts";
import { isObject, type Json } from "../attributes.ts";
import { readActive, readExternalId, readOptionalText } from "../read-values.ts";
import { enterpriseUserSchema } from "../schemas.ts";

/** What a SCIM User body says of the user, in Varco's terms (none of it checked yet). */
export type ScimUserInput = {
  readonly userName: string;
  readonly displayName: string | undefined;
  readonly givenName: string | null;
  readonly familyName: string | null;
  readonly mail: string | null;
  readonly mobilePhone: string | null;
  readonly department: string | null;
  /** Absent: as it is (a new user is active). */
  readonly active: boolean | undefined;
  readonly externalId: string | null;
  readonly password: string | undefined;
};

/**
 * Reads a User (POST, PUT, or the result of a PATCH). Attributes Varco does not keep (title,
 * addresses, roles…) are accepted and dropped, so a provisioning client's full user goes in.
 * The display name is `displayName`, else `name.formatted`, else given and family name; the
 * e-mail the primary one, else the work one, else the first; the phone the mobile one, else the
 * primary, else the first.
 */
export function readUserInput(body: Json): ScimUserInput {
  if (!isObject(body)) throw new VarcoError("scim_invalid_syntax", "a User is a JSON object");
  const userName = body.userName;
  if (typeof userName !== "string" || userName.trim() === "") {
    throw new VarcoError("scim_invalid_value", "userName is required: the user's UPN");
  }
  const name = isObject(body.name) ? body.name : {};
  const givenName = readOptionalText(name.givenName, "name.givenName", 64);
  const familyName = readOptionalText(name.familyName, "name.familyName", 64);
  const displayName =
    readOptionalText(body.displayName, "displayName", 256) ??
    readOptionalText(name.formatted, "name.formatted", 256) ??
    ([givenName, familyName].filter((part) => part !== null).join(" ") || undefined);
  const extension = body[enterpriseUserSchema];
  return {
    userName: userName.trim(),
    displayName,
    givenName,
    familyName,
    mail: pick(body.emails, "emails", ["primary", "work"]),
    mobilePhone: normalisePhone(pick(body.phoneNumbers, "phoneNumbers", ["mobile", "primary"])),
    department: isObject(extension)
      ? readOptionalText(extension.department, "department", 1_000)
      : null,
    active: body.active === undefined ? undefined : readActive(body.active),
    externalId: readExternalId(body.externalId),
    password: readPassword(body.password),
  };
}

/** The value of the multi-valued attribute's first choice: primary, or of the type named. */
function pick(values: Json | undefined, attr: string, order: readonly string[]): string | null {
  if (values === undefined || values === null) return null;
  if (!Array.isArray(values)) throw new VarcoError("scim_invalid_value", `${attr} is a list`);
  const items = values.filter(isObject);
  const chosen =
    order
      .map((choice) =>
        items.find((item) =>
          choice === "primary"
            ? item.primary === true || String(item.primary).toLowerCase() === "true"
            : typeof item.type === "string" && item.type.toLowerCase() === choice,
        ),
      )
      .find((item) => item !== undefined) ?? items[0];
  if (!chosen) return null;
  return readOptionalText(chosen.value, `${attr}.value`, 1_000);
}

/** `+39 (333) 123-4567` as Varco writes numbers: `+39 333 1234567`'s digits, spaces kept. */
function normalisePhone(value: string | null): string | null {
  return value === null
    ? null
    : value
        .replace(/[()\-.]/g, "")
        .replace(/ +/g, " ")
        .trim();
}

function readPassword(value: Json | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") throw new VarcoError("scim_invalid_value", "password is a string");
  return value;
}
