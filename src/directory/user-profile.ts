import { VarcoError } from "../errors/varco-error.ts";

/** Graph's user properties an administrator sets: null clears one. */
export type UserProfile = {
  readonly displayName?: string | undefined;
  readonly mail?: string | null | undefined;
  readonly mobilePhone?: string | null | undefined;
  readonly department?: string | null | undefined;
};

// A simple address: something@a.domain, no spaces; Entra checks no more than this.
const mailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
// E.164 as people write it: + and the country code, digits with spaces between them.
const phonePattern = /^\+[1-9][0-9 ]*[0-9]$/;

/** The display name, trimmed: 1 to 256 characters (Graph's limit). */
export function checkDisplayName(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 256) {
    throw new VarcoError("invalid_display_name", "a display name has 1 to 256 characters");
  }
  return trimmed;
}

/** An e-mail address, trimmed, or null for empty. */
export function checkMail(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return null;
  if (trimmed.length > 254 || !mailPattern.test(trimmed)) {
    throw new VarcoError("invalid_mail", "an e-mail address looks like name@example.org");
  }
  return trimmed;
}

/** A mobile phone number in E.164 (`+39 333 1234567`), trimmed, or null for empty. */
export function checkMobilePhone(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return null;
  const digits = trimmed.replace(/ /g, "").length - 1;
  if (!phonePattern.test(trimmed) || digits < 6 || digits > 15 || trimmed.length > 32) {
    throw new VarcoError(
      "invalid_phone_number",
      "a phone number starts with + and the country code, then 6 to 15 digits in all (spaces allowed)",
    );
  }
  return trimmed;
}

/** A department, trimmed, or null for empty: at most 64 characters (Graph's limit). */
export function checkDepartment(value: string | null): string | null {
  const trimmed = value?.trim() ?? "";
  if (trimmed === "") return null;
  if (trimmed.length > 64) {
    throw new VarcoError("invalid_department", "a department has at most 64 characters");
  }
  return trimmed;
}

/** Every given property checked (none changed on any error); absent ones stay absent. */
export function checkProfile(profile: UserProfile): {
  displayName?: string;
  mail?: string | null;
  mobilePhone?: string | null;
  department?: string | null;
} {
  return {
    ...(profile.displayName !== undefined
      ? { displayName: checkDisplayName(profile.displayName) }
      : {}),
    ...(profile.mail !== undefined ? { mail: checkMail(profile.mail) } : {}),
    ...(profile.mobilePhone !== undefined
      ? { mobilePhone: checkMobilePhone(profile.mobilePhone) }
      : {}),
    ...(profile.department !== undefined
      ? { department: checkDepartment(profile.department) }
      : {}),
  };
}
