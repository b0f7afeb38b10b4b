import { isVarcoError } from "../../errors/varco-error.ts";
import { domainOfUpn } from "../domains/domain-name.ts";
import { checkUpn } from "../upn.ts";
import { checkDepartment, checkDisplayName, checkMail, checkMobilePhone } from "../user-profile.ts";
import { type RowRefusal, type RowRefusalCode, rowRefusal } from "./row-refusal.ts";

/** A bulk-create row whose fields are all good; its password is checked with the batch. */
export type CheckedUser = {
  readonly upn: string;
  readonly displayName: string;
  readonly password: string;
  readonly blocked: boolean;
  readonly mail: string | null;
  readonly mobilePhone: string | null;
  readonly department: string | null;
};

/** What a refused row shows of itself in the error CSV. */
type Refused = { userPrincipalName: string; displayName: string; refused: RowRefusal };

/**
 * Checks one row's fields by the rules of a user created by hand (user-profile.ts, upn.ts),
 * each refusal naming the column as Entra's template does. `domains`: the tenant's, when it has
 * some, and then the user name must end in one of them.
 */
export function checkUserRow(
  values: Readonly<Record<string, string>>,
  domains: ReadonlySet<string>,
): CheckedUser | Refused {
  const value = (property: string) => values[property] ?? "";
  const shown = {
    userPrincipalName: value("userPrincipalName").trim().slice(0, 256),
    displayName: value("displayName").trim().slice(0, 256),
  };
  const refuse = (refused: RowRefusal): Refused => ({ ...shown, refused });
  for (const [property, column] of columnNames) {
    if (hasControlCharacter(value(property)))
      return refuse(rowRefusal("control_character", { column }));
  }
  for (const property of [
    "displayName",
    "userPrincipalName",
    "passwordProfile",
    "accountEnabled",
  ]) {
    if (value(property).trim() === "") {
      return refuse(rowRefusal("required", { column: columnNames.get(property) ?? property }));
    }
  }
  let upn: string;
  try {
    upn = checkUpn(value("userPrincipalName"));
  } catch (error) {
    if (isVarcoError(error, "invalid_upn")) return refuse(rowRefusal("upn_invalid"));
    throw error;
  }
  const domain = domainOfUpn(upn);
  if (domains.size > 0 && (domain === undefined || !domains.has(domain))) {
    return refuse(rowRefusal("upn_domain", { domain: domain ?? "" }));
  }
  const block = value("accountEnabled").trim().toLowerCase();
  if (block !== "yes" && block !== "no") return refuse(rowRefusal("block_sign_in_invalid"));
  try {
    return {
      upn,
      displayName: checkDisplayName(value("displayName")),
      // As typed: spaces at either end are part of a password.
      password: value("passwordProfile"),
      blocked: block === "yes",
      mail: checkMail(value("mail")),
      mobilePhone: checkMobilePhone(value("mobile")),
      department: checkDepartment(value("department")),
    };
  } catch (error) {
    const code = isVarcoError(error) ? profileRefusals.get(error.code) : undefined;
    if (code) return refuse(rowRefusal(code));
    throw error;
  }
}

const columnNames = new Map([
  ["displayName", "Name"],
  ["userPrincipalName", "User name"],
  ["passwordProfile", "Initial password"],
  ["accountEnabled", "Block sign in (Yes/No)"],
  ["department", "Department"],
  ["mobile", "Mobile phone"],
  ["mail", "Email"],
]);

const profileRefusals = new Map<string, RowRefusalCode>([
  ["invalid_display_name", "display_name_invalid"],
  ["invalid_mail", "mail_invalid"],
  ["invalid_phone_number", "mobile_invalid"],
  ["invalid_department", "department_invalid"],
]);

/** C0, DEL and C1 (\p{Cc}); a line break inside a quoted name is one too. */
function hasControlCharacter(text: string): boolean {
  return /\p{Cc}/u.test(text);
}
