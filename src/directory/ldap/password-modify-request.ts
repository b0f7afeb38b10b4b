import { BerWriter } from "ldapts";

/** The LDAP Password Modify extended operation (RFC 3062 section 2). */
export const passwordModifyOid = "1.3.6.1.4.1.4203.1.11.1";

/**
 * The request value of the Password Modify operation, as RFC 3062 section 2 defines it:
 *
 *     PasswdModifyRequestValue ::= SEQUENCE {
 *       userIdentity    [0]  OCTET STRING OPTIONAL
 *       oldPasswd       [1]  OCTET STRING OPTIONAL
 *       newPasswd       [2]  OCTET STRING OPTIONAL }
 *
 * The tags are context-specific and primitive (0x80, 0x81, 0x82), the strings UTF-8. Without
 * `oldPassword` the server checks no current password: a reset, which only an account with the
 * right to write the user's password may do.
 */
export function passwordModifyRequest(input: {
  userDn: string;
  oldPassword?: string | undefined;
  newPassword: string;
}): Buffer {
  const writer = new BerWriter();
  writer.startSequence();
  writer.writeString(input.userDn, 0x80);
  if (input.oldPassword !== undefined) writer.writeString(input.oldPassword, 0x81);
  writer.writeString(input.newPassword, 0x82);
  writer.endSequence();
  return writer.buffer;
}
