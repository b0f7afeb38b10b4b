import { Attribute, Change } from "ldapts";

/**
 * A password as Active Directory's `unicodePwd` takes it: the password in double quotes,
 * encoded as UTF-16LE (Microsoft's "Change a Windows Active Directory and LDS user password
 * through LDAP", [MS-ADTS] 3.1.1.3.1.5 "Password Modify Operations").
 */
export function unicodePwdValue(password: string): Buffer {
  return Buffer.from(`"${password}"`, "utf16le");
}

/**
 * The changes of one modify that sets `unicodePwd`. A user changing their own password deletes
 * the current value and adds the new one in the same request (AD checks the current one, and its
 * password history and age); an account with the reset right replaces it.
 */
export function unicodePwdChanges(newPassword: string, currentPassword?: string): Change[] {
  const value = (password: string) =>
    new Attribute({ type: "unicodePwd", values: [unicodePwdValue(password)] });
  if (currentPassword === undefined) {
    return [new Change({ operation: "replace", modification: value(newPassword) })];
  }
  return [
    new Change({ operation: "delete", modification: value(currentPassword) }),
    new Change({ operation: "add", modification: value(newPassword) }),
  ];
}
